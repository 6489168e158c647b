import {
  bearer,
  blockModalities,
  compliantJury,
  createCohort,
  createJurySession,
  createLearner,
  enrol,
  insertResult,
  passBlock,
  TEST_PASSWORD,
} from '@project/testing';
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { WebTestApp, browserTestFile, screenshot, seriousViolations, signIn } from './browser';

// The three people who use the web app daily, in a real Chromium against the real API.
describe('web app in a browser', () => {
  const file = browserTestFile();
  let w: WebTestApp;
  let page: Page;
  beforeEach(() => {
    ({ w, page } = file);
  });

  /** A learner of RNCP41296 with a learner account; returns the enrolment and the account's email. */
  async function learnerWithAccount(firstName: string, lastName: string): Promise<{ enrolmentId: string; email: string }> {
    const learner = await createLearner(w.t, { firstName, lastName });
    const enrolment = await enrol(w.t, learner.id, { certificationCode: 'RNCP41296' });
    const account = await w.t.createUser(['learner'], { learnerId: learner.id });
    return { enrolmentId: enrolment.id, email: account.email };
  }

  async function decide(sessionId: string, enrolmentId: string, blockCode: string, decision: string): Promise<void> {
    const response = await w.t
      .http()
      .post(`/api/jury-sessions/${sessionId}/decisions`)
      .set(bearer(w.t.admin.token))
      .send({ enrolmentId, blockCode, decision });
    expect(response.status).toBe(201);
  }

  it('shows a learner BC01 acquired (date, jury) and BC03 incomplete naming the missing English oral exam, with results and credentials; 0 serious accessibility violations, on a phone too', async () => {
    const { enrolmentId, email } = await learnerWithAccount('Inès', 'Moreau');
    await passBlock(w.t, enrolmentId, 'RNCP41296BC01', { score: 14.5, occurredOn: '2026-05-15' });
    for (const modality of await blockModalities(w.t, 'RNCP41296BC03')) {
      if (modality.kind !== 'english_oral')
        await insertResult(w.t, { enrolmentId, modalityId: modality.id, score: 12, occurredOn: '2026-05-20' });
    }
    const session = await createJurySession(w.t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    await decide(session.id, enrolmentId, 'RNCP41296BC01', 'validated');
    await w.t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(w.t.admin.token)).expect(200);

    await signIn(page, w.baseUrl, email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    const bc01 = page.locator('[data-block="RNCP41296BC01"]');
    await expect(bc01.textContent()).resolves.toContain('Acquis le 30 juin 2026 (décision du jury)');
    const bc03 = page.locator('[data-block="RNCP41296BC03"]');
    await expect(bc03.textContent()).resolves.toContain("Épreuves manquantes : Epreuve d'anglais professionnel orale");
    await expect(bc03.textContent()).resolves.toContain('Incomplet');
    expect(page.url()).toBe(`${w.baseUrl}/parcours`);
    // Results by assessment, French marks and dates; the attestation issued at closing.
    const results = await page.locator('table').textContent();
    expect(results).toContain('14,5/20');
    expect(results).toContain('15 mai 2026');
    expect(results).toContain('1ᵉʳ passage');
    await page.getByText('Attestation du bloc RNCP41296BC01').waitFor();
    // Only the learner's screen is offered.
    await expect(page.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual(['Mon parcours']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'learner');

    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'learner-phone');

    // English on request, with English dates.
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'My progress' }).waitFor();
    await expect(bc01.textContent()).resolves.toContain('Acquired on 30 June 2026 (jury decision)');
  });

  it('signs in with a refresh when the access token is stale, back to sign-in with a message when the session expired, and signs out', async () => {
    const { email } = await learnerWithAccount('Hugo', 'Lefèvre');
    await page.goto(`${w.baseUrl}/`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/\S/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-refused');

    await signIn(page, w.baseUrl, email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    // A stale access token: the app refreshes it and the page loads.
    const spoil = (fields: string[]) =>
      page.evaluate((names) => {
        const storage = (globalThis as any).sessionStorage;
        const tokens = JSON.parse(storage.getItem('ct.session'));
        for (const name of names) tokens[name] = `spoilt-${name}-0123456789abcdef`;
        storage.setItem('ct.session', JSON.stringify(tokens));
      }, fields);
    await spoil(['accessToken']);
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh') && response.status() === 200);
    await page.reload();
    await refreshed;
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();

    // Both tokens refused: back to sign-in, saying why.
    await spoil(['accessToken', 'refreshToken']);
    await page.reload();
    await page.getByText('Votre session a expiré : reconnectez-vous.').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();

    // A learner asking for the jury screen lands on their own page.
    await signIn(page, w.baseUrl, email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    await page.goto(`${w.baseUrl}/jury`);
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    expect(page.url()).toBe(`${w.baseUrl}/parcours`);

    // Signing out revokes the refresh token at the API: a copy of it opens no session.
    const { refreshToken } = JSON.parse(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('ct.session')));
    const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/auth/logout'));
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByText('Vous êtes déconnecté.').waitFor();
    expect((await loggedOut).status()).toBe(204);
    await expect(page.evaluate(() => (globalThis as any).sessionStorage.getItem('ct.session'))).resolves.toBeNull();
    await w.t.http().post('/api/auth/refresh').send({ refreshToken }).expect(401);
  });

  it('lets a jury member validate a block, asks for the rationale the API requires on a departure, close the session and download the minutes', async () => {
    const juror = await w.t.createUser(['jury_member']);
    const { enrolmentId } = await learnerWithAccount('Lucas', 'Bernard');
    await passBlock(w.t, enrolmentId, 'RNCP41296BC01', { score: 15 });
    await passBlock(w.t, enrolmentId, 'RNCP41296BC02', { score: 13 });
    await passBlock(w.t, enrolmentId, 'RNCP41296BC03', { score: 6 });
    const session = await createJurySession(w.t, {
      certificationCode: 'RNCP41296',
      heldOn: '2026-07-02',
      members: compliantJury('RNCP41296', [juror.id]),
    });

    await signIn(page, w.baseUrl, juror.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Sessions de jury' }).waitFor();
    await page.getByRole('link', { name: 'Jury du 2 juillet 2026 — RNCP41296' }).click();
    await page.getByRole('heading', { name: 'Jury du 2 juillet 2026 — RNCP41296' }).waitFor();
    expect(page.url()).toBe(`${w.baseUrl}/jury/${session.id}`);
    await page.getByText('La composition du jury respecte la règle de la certification.').waitFor();
    const candidate = page.getByRole('article', { name: 'Lucas Bernard' });
    await expect(candidate.locator('[data-block="RNCP41296BC01"]').textContent()).resolves.toContain('Acquis 15/20');
    await expect(candidate.locator('[data-block="RNCP41296BC03"]').textContent()).resolves.toContain('Non acquis 6/20');
    await expect(candidate.locator('[data-block="RNCP41296BC04"]').textContent()).resolves.toContain(
      'Épreuves manquantes : Mémoire professionnel, Epreuve orale',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-session');

    await page.getByRole('button', { name: 'Valider — RNCP41296BC01 — Lucas Bernard', exact: true }).click();
    await candidate.locator('[data-block="RNCP41296BC01"] strong', { hasText: 'Validé' }).waitFor();
    // The keyboard stays where the decision was made, on the decision now recorded.
    const focused = () => page.evaluate(() => (globalThis as any).document.activeElement?.id ?? '');
    await page.waitForFunction(() => ((globalThis as any).document.activeElement?.id ?? '').startsWith('decided-'));
    expect(await focused()).toMatch(/^decided-.*-RNCP41296BC01$/);

    // Not validating a block proposed acquired departs from the proposal: the API asks for a rationale.
    await page.getByRole('button', { name: 'Ne pas valider — RNCP41296BC02 — Lucas Bernard' }).click();
    const rationale = candidate.getByLabel('Motivation de la décision — Non validé');
    await rationale.waitFor();
    await page.waitForFunction(() => ((globalThis as any).document.activeElement?.id ?? '').startsWith('rationale-'));
    const problem = await candidate.locator('.rationale .field-error').textContent();
    expect(problem).toMatch(/rationale|motiv/i);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'jury-rationale');
    await rationale.fill('Étude de cas réalisée en groupe : production individuelle insuffisante.');
    await candidate.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await candidate.locator('[data-block="RNCP41296BC02"] strong', { hasText: 'Non validé' }).waitFor();
    await expect(candidate.locator('[data-block="RNCP41296BC02"]').textContent()).resolves.toContain(
      'production individuelle insuffisante',
    );

    // A candidate who is not eligible is not offered the award; the card names the missing blocks.
    await expect(page.getByRole('button', { name: 'Délivrer la certification — Certification — Lucas Bernard' }).count()).resolves.toBe(0);
    await expect(candidate.locator('.award-row').textContent()).resolves.toContain('RNCP41296BC03');
    await expect(
      page.getByRole('button', { name: 'Refuser la certification — Certification — Lucas Bernard' }).getAttribute('class'),
    ).resolves.toBeNull();
    // The decision following the proposal stands out: BC03 not acquired suggests not validating it, BC04 incomplete deferring it.
    const standsOut = (name: RegExp) => candidate.getByRole('button', { name }).getAttribute('class');
    await expect(standsOut(/^Ne pas valider — RNCP41296BC03/)).resolves.toBeNull();
    await expect(standsOut(/^Valider — RNCP41296BC03/)).resolves.toBe('button-secondary');
    await expect(standsOut(/^Ajourner — RNCP41296BC04/)).resolves.toBeNull();

    await page.getByRole('button', { name: 'Clore la session' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'confirm-close');
    await page.getByRole('button', { name: 'Oui, clore la session' }).click();
    await page.getByText(/Session close le/).waitFor();
    expect(await w.t.count('jury_session', 'id = $1 AND closed_at IS NOT NULL', [session.id])).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le procès-verbal (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('proces-verbal-2026-07-02.pdf');
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'jury-closed');

    // A session whose jury breaks the composition rule says which role is missing.
    const thin = await createJurySession(w.t, {
      certificationCode: 'RNCP41296',
      heldOn: '2026-07-09',
      members: [{ fullName: 'Sophie Bernard', role: 'external_professional', external: true, userId: juror.id }],
    });
    await page.goto(`${w.baseUrl}/jury/${thin.id}`);
    await page.getByText(/^Composition incomplète : il manque .+/).waitFor();
    await screenshot(page, 'jury-composition-missing');
  });

  it("lets a trainer type a cohort's BC02 marks with the keyboard, keeps them through a network failure and retries with the same idempotency key, shows a spreadsheet's refused line; the learner then sees the proposal", async () => {
    const trainer = await w.t.createUser(['trainer']);
    const cohort = await createCohort(w.t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id], name: 'Promotion 2026 Lyon' });
    const learners = [];
    for (const [firstName, lastName] of [
      ['Alice', 'Aubert'],
      ['Bruno', 'Blanc'],
    ]) {
      const learner = await createLearner(w.t, { firstName, lastName });
      const enrolment = await enrol(w.t, learner.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
      const account = await w.t.createUser(['learner'], { learnerId: learner.id });
      learners.push({ enrolmentId: enrolment.id, email: account.email, learnerEmail: learner.email });
    }

    await signIn(page, w.baseUrl, trainer.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Saisie des résultats' }).waitFor();
    await page.getByLabel('Promotion').selectOption({ label: 'Promotion 2026 Lyon (RNCP41296)' });
    await page.getByLabel('Bloc').selectOption('RNCP41296BC02');
    await page.getByRole('heading', { name: 'Promotion 2026 Lyon — RNCP41296BC02' }).waitFor();
    await page.getByLabel('Date de l’épreuve').fill('2026-06-10');
    // Keyboard only: type, Enter to the next learner, type.
    await page.locator('#cell-0-0').focus();
    await page.keyboard.type('14,5');
    await page.keyboard.press('Enter');
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe('save-results');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'trainer-grid');

    // Choosing another block with marks typed asks first: declining keeps the grid and its marks.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByLabel('Bloc').selectOption('RNCP41296BC03');
    expect(asked).toEqual(['2 note(s) saisie(s) ne sont pas enregistrées : les abandonner ?']);
    await expect(page.getByLabel('Bloc').inputValue()).resolves.toBe('RNCP41296BC02');
    await expect(page.locator('#cell-0-0').inputValue()).resolves.toBe('14,5');

    // The first send is lost on the way: the marks stay, and the retry carries the same key.
    const keys: string[] = [];
    let failOnce = true;
    await page.route('**/api/evaluations/import', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (failOnce) {
        failOnce = false;
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.getByRole('button', { name: 'Enregistrer les 2 résultats saisis' }).click();
    await page.getByText(/Vos saisies sont conservées/).waitFor();
    await expect(page.locator('#cell-0-0').inputValue()).resolves.toBe('14,5');
    await page.getByRole('button', { name: 'Enregistrer les 2 résultats saisis' }).click();
    await page.getByText('2 résultats enregistrés.').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await w.t.count('evaluation_result', 'enrolment_id = ANY($1)', [learners.map((l) => l.enrolmentId)])).toBe(2);
    await page.getByText('Dernier : 14,5/20 · 1ᵉʳ passage').waitFor();
    await screenshot(page, 'trainer-grid-saved');

    // A spreadsheet with a bad line: nothing recorded, the line named.
    const csv = [
      'learnerEmail,certificationCode,blockCode,modalityKind,occurredOn,score',
      `${learners[1].learnerEmail},RNCP41296,RNCP41296BC01,professional_thesis,2026-06-11,12`,
      `${learners[1].learnerEmail},RNCP41296,RNCP41296BC01,oral_defence,2026-06-11,25`,
    ].join('\n');
    await page.getByLabel('Fichier CSV ou XLSX').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page
      .locator('.refused-lines')
      .getByText(/^Ligne 3 — score/)
      .waitFor();
    expect(await w.t.count('evaluation_result', 'enrolment_id = ANY($1)', [learners.map((l) => l.enrolmentId)])).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'trainer-upload-refused');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, w.baseUrl, learners[0].email, TEST_PASSWORD);
    const bc02 = page.locator('[data-block="RNCP41296BC02"]');
    await bc02.waitFor();
    await expect(bc02.textContent()).resolves.toContain('Proposé au jury');
    await expect(bc02.textContent()).resolves.toContain('Proposition : acquis');
    await expect(bc02.textContent()).resolves.toContain('Note : 14,5/20');
  });
});
