import { compliantJury, createJurySession, createLearner, enrol, passBlock, TEST_PASSWORD, TestUser } from '@project/testing';
import { createHash } from 'node:crypto';
import { Page } from 'playwright-core';
import { WebTestApp, browserTestFile, screenshot, seriousViolations, signIn } from './browser';

// The jury's day in the browser (issue 15): presence with an absent member and a replacement, decisions, closing,
// the closed minutes signed by each member who sat, and the learner's view of the signed decision.
describe('the jury’s day in a browser', () => {
  const file = browserTestFile({ timezoneId: 'Europe/Paris', acceptDownloads: true });
  let w: WebTestApp;
  let page: Page;
  beforeEach(() => {
    ({ w, page } = file);
  });

  /** Signs in as this user and opens the session's screen. */
  async function openSessionAs(user: TestUser, sessionId: string): Promise<void> {
    await signIn(page, w.baseUrl, user.email, TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.goto(`${w.baseUrl}/jury/${sessionId}`);
    await page.getByRole('heading', { name: /^Jury du / }).waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
  }

  /** Signs the closed minutes as the member signed in: download, fingerprint computed in the page, confirmation. */
  async function signMinutes(expectedSha256: string, options: { screenshotName?: string; keyboard?: boolean } = {}): Promise<void> {
    const panel = page.getByRole('region', { name: 'Signature du procès-verbal' });
    await panel.getByRole('button', { name: 'Signer le procès-verbal' }).click();
    await panel.getByText('Identique à celle de la version 1 enregistrée à la clôture.').waitFor();
    await expect(panel.locator('form code.fingerprint').textContent()).resolves.toBe(expectedSha256);
    const sign = panel.getByRole('button', { name: 'Signer', exact: true });
    expect(await sign.isDisabled()).toBe(true);
    if (options.keyboard) {
      // From the document downloaded (focused), Tab to the confirmation, Space, Tab to Signer, Enter.
      await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'downloaded-minutes');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    } else {
      await panel.getByLabel('J’ai lu le procès-verbal version 1 et je le signe').check();
      if (options.screenshotName) {
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, options.screenshotName);
      }
      await sign.click();
    }
    await panel.getByText(/^Vous avez signé la version 1 le \d{1,2}(?:er)? \S+ \d{4} à \d{2}:\d{2}\.$/).waitFor();
  }

  it('records presence with a member absent and a replacement, decides, closes, and three members sign the minutes one after another; the learner sees them signed', async () => {
    const sophie = await w.t.createUser(['jury_member'], { email: 'sophie.bernard@jury.test' });
    const karim = await w.t.createUser(['jury_member'], { email: 'karim.haddad@jury.test' });
    // The certifier's director sits on the jury and administers the platform (she links the replacement's account).
    const helene = await w.t.createUser(['jury_member', 'admin'], { email: 'helene.roux@jury.test' });
    const paul = await w.t.createUser(['jury_member'], { email: 'paul.girard@jury.test' });
    const learner = await createLearner(w.t, { firstName: 'Chloé', lastName: 'Garnier' });
    const enrolment = await enrol(w.t, learner.id, { certificationCode: 'RNCP41296' });
    const learnerAccount = await w.t.createUser(['learner'], { learnerId: learner.id });
    await passBlock(w.t, enrolment.id, 'RNCP41296BC01', { score: 15, occurredOn: '2026-10-15' });
    const members = compliantJury('RNCP41296', [sophie.id, karim.id, helene.id]);
    const session = await createJurySession(w.t, { certificationCode: 'RNCP41296', heldOn: '2026-11-20', members });
    const later = await createJurySession(w.t, { certificationCode: 'RNCP41296', heldOn: '2099-07-01', members });

    // Before the day: when the jury sits, and nothing to decide yet.
    await openSessionAs(helene, later.id);
    await page.getByText('Le jury siège le 1er juillet 2099 : la présence, les décisions et la clôture s’ouvrent ce jour-là.').waitFor();
    expect(await page.getByRole('button', { name: 'Clore la session' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Présence' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Valider — / }).count()).toBe(0);
    await screenshot(page, 'jury-not-sat-yet');

    // On the day: Karim Haddad is absent, Paul Girard replaces him.
    await page.goto(`${w.baseUrl}/jury/${session.id}`);
    const presence = page.getByRole('region', { name: 'Présence' });
    await presence.getByText('Présence non relevée : les membres inscrits comptent comme présents.').waitFor();
    await presence.getByLabel('Karim Haddad').uncheck();
    // A replacement needs a name: said at the field. Keyboard: the form opens on its first field.
    await presence.getByRole('button', { name: 'Ajouter un remplaçant' }).click();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'replacement-name');
    await page.keyboard.press('Enter');
    await presence.getByText('Saisissez le nom du remplaçant.').waitFor();
    await presence.getByLabel('Nom complet du remplaçant').fill('Paul Girard');
    await presence.getByLabel('Qualité').selectOption({ label: 'Professionnel extérieur' });
    await presence.getByLabel('Extérieur, sans lien avec les candidats').check();
    await presence.getByLabel('Remplace').selectOption({ label: 'Karim Haddad' });
    await presence.getByLabel('Compte de membre du jury (pour signer dans l’application)').selectOption(paul.id);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-presence-replacement');
    await presence.getByRole('button', { name: 'Ajouter ce remplaçant' }).click();
    await presence.getByText('Paul Girard — Professionnel extérieur — remplace Karim Haddad').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-presence');
    // Replacing a member ticked present: refused, said beside the replacement, nothing recorded.
    await presence.getByLabel('Karim Haddad').check();
    await presence.getByRole('button', { name: 'Enregistrer la présence' }).click();
    await presence
      .locator('.replacements li', { hasText: 'Paul Girard' })
      .getByText('ce membre est coché présent : seul un membre absent est remplacé.')
      .waitFor();
    await presence.getByText('La présence n’est pas enregistrée : voyez les remarques à côté des membres concernés.').waitFor();
    expect(await w.t.count('jury_session', 'id = $1 AND presence_recorded_at IS NULL', [session.id])).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-presence-refused');
    await presence.getByLabel('Karim Haddad').uncheck();
    await presence.getByRole('button', { name: 'Enregistrer la présence' }).click();
    await presence.getByText('Présence enregistrée.').waitFor();
    await presence.getByText(/^Présence relevée le \d{1,2}(?:er)? \S+ \d{4} à \d{2}:\d{2}\.$/).waitFor();
    const composition = page.getByRole('region', { name: 'Composition du jury' });
    await composition.getByText('Karim Haddad — Professionnel extérieur (absent)').waitFor();
    await composition.getByText('Paul Girard — Professionnel extérieur (présent, remplace Karim Haddad)').waitFor();
    await composition.getByText('La composition du jury respecte la règle de la certification.').waitFor();
    const recorded = await w.t.db.query(
      `SELECT full_name, present, listed FROM jury_member WHERE jury_session_id = $1 ORDER BY full_name`,
      [session.id],
    );
    expect(recorded.rows).toEqual([
      { full_name: 'Hélène Roux', present: true, listed: true },
      { full_name: 'Karim Haddad', present: false, listed: true },
      { full_name: 'Paul Girard', present: true, listed: false },
      { full_name: 'Sophie Bernard', present: true, listed: true },
    ]);

    // Decides and closes.
    await page.getByRole('button', { name: 'Valider — RNCP41296BC01 — Chloé Garnier', exact: true }).click();
    await page.locator('[data-block="RNCP41296BC01"] strong', { hasText: 'Validé' }).waitFor();
    await page.getByRole('button', { name: 'Clore la session' }).click();
    await page.getByRole('button', { name: 'Oui, clore la session' }).click();
    await page.getByText(/Session close le/).waitFor();

    // The fingerprint members sign is the SHA-256 of the closed version as anyone downloads it.
    const version1 = await fetch(`${w.baseUrl}/api/jury-sessions/${session.id}/minutes/versions/1`, {
      headers: { authorization: `Bearer ${w.t.admin.token}` },
    });
    expect(version1.status).toBe(200);
    const sha256 = createHash('sha256')
      .update(Buffer.from(await version1.arrayBuffer()))
      .digest('hex');

    const panel = page.getByRole('region', { name: 'Signature du procès-verbal' });
    await panel.getByText('En attente de signatures : 0 sur 3.').waitFor();
    await expect(panel.locator('dd code.fingerprint').textContent()).resolves.toBe(sha256);
    await expect(panel.locator('.signatures-expected').textContent()).resolves.toBe(
      'Sophie Bernard — Professionnel extérieurHélène Roux — Direction du certificateurPaul Girard — Professionnel extérieur',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Télécharger la version 1 close (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('proces-verbal-2026-11-20-v1.pdf');

    await signMinutes(sha256, { screenshotName: 'jury-signing-confirm' });
    await panel.getByText('En attente de signatures : 1 sur 3.').waitFor();
    await panel
      .locator('.signatures')
      .getByText(/^Hélène Roux — Direction du certificateur — signé le \d{1,2}(?:er)? \S+ \d{4} à \d{2}:\d{2}$/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-signing');
    await signOut();

    // Karim Haddad did not sit: he reads the panel but has nothing to sign.
    await openSessionAs(karim, session.id);
    await panel.getByText('Vous n’avez pas siégé (absent) : seuls les membres présents signent.').waitFor();
    expect(await panel.getByRole('button', { name: 'Signer le procès-verbal' }).count()).toBe(0);
    await signOut();

    await openSessionAs(sophie, session.id);
    await signMinutes(sha256, { keyboard: true });
    await panel.getByText('En attente de signatures : 2 sur 3.').waitFor();
    await signOut();

    await openSessionAs(paul, session.id);
    await signMinutes(sha256);
    await panel.getByText(/^Procès-verbal signé le \d{1,2}(?:er)? \S+ \d{4} à \d{2}:\d{2}\.$/).waitFor();
    expect(await panel.locator('.signatures li').count()).toBe(3);
    expect(await panel.locator('.signatures-expected').count()).toBe(0);
    expect(await w.t.count('jury_minutes_signature', 'jury_session_id = $1 AND sha256 = $2', [session.id, sha256])).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-minutes-signed');
    // On a phone, the fingerprint wraps: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'jury-minutes-signed-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
    // In English too.
    await page.getByLabel('Langue').selectOption('en');
    const signingInEnglish = page.getByRole('region', { name: 'Signing the minutes' });
    await signingInEnglish.getByText(/^Minutes signed on \d{1,2}(?:er)? \S+ \d{4} at \d{2}:\d{2}\.$/).waitFor();
    await signingInEnglish.getByText(/^Paul Girard — External professional — signed on /).waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await signOut();

    // The learner sees the decision, the jury's date, and that its minutes are signed.
    await signIn(page, w.baseUrl, learnerAccount.email, TEST_PASSWORD);
    const decision = page.locator('[data-decision="RNCP41296BC01"]');
    await decision.waitFor();
    await expect(decision.textContent()).resolves.toMatch(
      /^RNCP41296BC01 : Validé — jury du 20 novembre 2026, procès-verbal signé le \d{1,2}(?:er)? \S+ \d{4}$/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'learner-minutes-signed');
  });
});
