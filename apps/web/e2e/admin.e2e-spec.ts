import { TEST_ADMIN } from '@project/testing';
import { Page } from 'playwright-core';
import { WebTestApp, browserTestFile, screenshot, seriousViolations, signIn } from './browser';

const STRONG_PASSWORD = 'orbit-lantern-quartz-57';

// The admin's year without a terminal: users, a cohort, a learner enrolled and given an account, a jury session.
describe('web app: admin screens in a browser', () => {
  const file = browserTestFile();
  let w: WebTestApp;
  let page: Page;
  beforeEach(() => {
    ({ w, page } = file);
  });

  /** The field's own error, as announced with it (aria-describedby). */
  async function errorOf(label: string): Promise<string> {
    const field = page.getByLabel(label, { exact: true });
    await page.waitForFunction(
      (id) => (globalThis as any).document.getElementById(id)?.getAttribute('aria-invalid') === 'true',
      await field.getAttribute('id'),
    );
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    return (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
  }

  async function createUser(email: string, name: string, role: string): Promise<void> {
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Nom affiché').fill(name);
    await page.getByLabel('Mot de passe initial').fill(STRONG_PASSWORD);
    await page.getByLabel(role, { exact: true }).check();
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByText(`Utilisateur ${email} créé.`).waitFor();
  }

  it('can run a cohort from enrolment to jury without a terminal: users, a cohort with its trainer, a learner enrolled by an open route with an account, a jury session with its members', async () => {
    await signIn(page, w.baseUrl, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('heading', { name: 'Apprenants', level: 1 }).waitFor();
    expect(page.url()).toBe(`${w.baseUrl}/admin`);
    await expect(page.getByRole('navigation', { name: 'Suivi des compétences' }).getByRole('link').allTextContents()).resolves.toEqual([
      'Administration',
      'Saisie des résultats',
      'Jurys',
    ]);

    // Users: a weak password is refused at its field; a trainer and a jury member are created.
    await page.getByRole('link', { name: 'Utilisateurs' }).click();
    await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor();
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('claire.formatrice@centre-test.fr');
    await page.getByLabel('Nom affiché').fill('Claire Formatrice');
    await page.getByLabel('Mot de passe initial').fill('short');
    await page.getByLabel('Formateur', { exact: true }).check();
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    expect(await errorOf('Mot de passe initial')).toBe('Au moins 12 caractères.');
    await page.getByRole('alert').getByText('Certaines valeurs sont refusées. Voyez les champs signalés.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-user-refused');
    await page.getByLabel('Mot de passe initial').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    await page.getByText('Utilisateur claire.formatrice@centre-test.fr créé.').waitFor();
    await createUser('jean.jure@centre-test.fr', 'Jean Juré', 'Membre de jury');
    // The same email again: the API's 409 as a French sentence, its detail after it.
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('jean.jure@centre-test.fr');
    await page.getByLabel('Nom affiché').fill('Jean Juré bis');
    await page.getByLabel('Mot de passe initial').fill(STRONG_PASSWORD);
    await page.getByLabel('Membre de jury', { exact: true }).check();
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();
    const conflict = page.getByRole('alert');
    await conflict.getByText(/Cet élément existe déjà/).waitFor();
    await expect(conflict.locator('[lang="en"]').textContent()).resolves.toContain('jean.jure@centre-test.fr');
    expect(await errorOf('Adresse e-mail')).toBe('Déjà utilisée dans votre organisme.');
    await expect(page.getByRole('row', { name: /Claire Formatrice/ }).textContent()).resolves.toContain('Formateur');
    // Deactivating oneself is refused by the API, in French; another account is deactivated and reactivated.
    await page.getByRole('button', { name: 'Désactiver — Administrator' }).click();
    await page.getByRole('alert').getByText('La demande enfreint une règle (précisée ci-après).').waitFor();
    await page.getByRole('button', { name: 'Désactiver — Jean Juré' }).click();
    await page.getByRole('button', { name: 'Réactiver — Jean Juré' }).click();
    await page.getByRole('button', { name: 'Désactiver — Jean Juré' }).waitFor();
    expect(await w.t.count('app_user', "email = 'jean.jure@centre-test.fr' AND deactivated_at IS NULL")).toBe(1);
    await screenshot(page, 'admin-users');

    // A cohort: its end before its start is refused at the end date; then created with its trainer.
    await page.getByRole('link', { name: 'Promotions' }).click();
    await page.getByRole('heading', { name: 'Promotions', level: 1 }).waitFor();
    await page.getByLabel('Nom de la promotion').fill('Promotion 2026 Lyon');
    await page.getByLabel('Certification (code RNCP)').fill('RNCP41296');
    await page.getByLabel('Début', { exact: true }).fill('2026-09-01');
    await page.getByLabel('Fin', { exact: true }).fill('2026-06-30');
    await page.getByLabel('Claire Formatrice (claire.formatrice@centre-test.fr)').check();
    await page.getByRole('button', { name: 'Créer la promotion' }).click();
    expect(await errorOf('Fin')).toContain('startsOn');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Fin', { exact: true }).fill('2027-06-30');
    await page.getByRole('button', { name: 'Créer la promotion' }).click();
    await page.getByRole('heading', { name: 'Promotion 2026 Lyon — RNCP41296' }).waitFor();
    await page.getByText('Claire Formatrice (claire.formatrice@centre-test.fr)').waitFor();
    // A trainer is removed from the cohort and added back.
    await page.getByRole('button', { name: 'Retirer — Claire Formatrice' }).click();
    await page.getByText('Aucun formateur.').waitFor();
    await page.getByLabel('Ajouter un formateur').selectOption({ label: 'Claire Formatrice (claire.formatrice@centre-test.fr)' });
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('button', { name: 'Retirer — Claire Formatrice' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-cohort');

    // A learner: a malformed email is refused at its field; then created, enrolled in the cohort, given an account.
    await page.getByRole('link', { name: 'Apprenants' }).click();
    await page.getByRole('heading', { name: 'Apprenants', level: 1 }).waitFor();
    await page.getByLabel('Prénom(s)').fill('Léa');
    await page.getByLabel('Nom', { exact: true }).fill('Fontaine');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('lea.fontaine@');
    await page.getByRole('button', { name: 'Créer l’apprenant' }).click();
    expect(await errorOf('Adresse e-mail')).toBe('Adresse e-mail invalide.');
    await page.getByLabel('Adresse e-mail', { exact: true }).fill('lea.fontaine@exemple.fr');
    await page.getByLabel('Date de naissance').fill('2001-04-12');
    await page.getByRole('button', { name: 'Créer l’apprenant' }).click();
    await page.getByRole('heading', { name: 'Léa Fontaine', level: 1 }).waitFor();
    await page.getByText('Aucune inscription.').waitFor();

    await page.getByLabel('Promotion (facultatif)').selectOption({ label: 'Promotion 2026 Lyon (RNCP41296)' });
    await expect(page.getByLabel('Certification (code RNCP)').inputValue()).resolves.toBe('RNCP41296');
    // Only the routes the certification opens are offered.
    const route = page.getByLabel('Voie d’accès');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#enrol-route option').length > 1);
    await expect(route.locator('option').allTextContents()).resolves.toContain('Apprentissage');
    await route.selectOption({ label: 'Apprentissage' });
    await page.getByLabel('Début de la formation').fill('2026-09-01');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByText(/^RNCP41296 — Apprentissage — Promotion 2026 Lyon — depuis le 1er septembre 2026/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-learner');
    await page.getByLabel('Mot de passe initial').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Créer son compte' }).click();
    await page.getByText('Compte de connexion : lea.fontaine@exemple.fr.').waitFor();

    // The learner is found by the search, and edited.
    await page.getByRole('link', { name: 'Tous les apprenants' }).click();
    await page.getByLabel('Rechercher un apprenant (nom, e-mail)').fill('fontaine');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('link', { name: 'Fontaine Léa' }).click();
    await page.getByLabel('Nom de naissance (s’il diffère)').fill('Marchand');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Enregistré.').waitFor();
    expect(await w.t.count('learner', "email = 'lea.fontaine@exemple.fr' AND birth_name = 'Marchand'")).toBe(1);

    // A jury session: a member without a name is refused at that field; then created with three members.
    await page.getByRole('link', { name: 'Sessions de jury' }).click();
    await page.getByRole('heading', { name: 'Sessions de jury', level: 1 }).waitFor();
    await page.getByLabel('Certification (code RNCP)').fill('RNCP41296');
    await page
      .getByText(/Règle de composition du jury :/)
      .first()
      .waitFor();
    await page.getByLabel('Date de la session').fill('2027-07-02');
    await page.getByRole('button', { name: 'Créer la session' }).click();
    expect(await errorOf('Nom complet — membre 1')).not.toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Nom complet — membre 1').fill('Sophie Bernard');
    await page.getByLabel('Compte de membre du jury — membre 1').selectOption({ label: 'Jean Juré (jean.jure@centre-test.fr)' });
    await page.getByRole('button', { name: 'Ajouter un membre' }).click();
    await page.getByLabel('Nom complet — membre 2').fill('Karim Haddad');
    await page.getByLabel('Extérieur, sans lien avec les candidats — membre 2').check();
    await page.getByRole('button', { name: 'Ajouter un membre' }).click();
    await page.getByLabel('Nom complet — membre 3').fill('Hélène Roux');
    await page.getByLabel('Qualité — membre 3').selectOption({ label: 'Direction du certificateur' });
    await page.getByRole('button', { name: 'Créer la session' }).click();
    await page.getByRole('status').getByText('Session créée :').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-jury-session');

    // The session opens on the jury screen: the jury is complete and Léa is a candidate.
    await page.getByRole('status').getByRole('link', { name: 'Jury du 2 juillet 2027 — RNCP41296' }).click();
    await page.getByRole('heading', { name: 'Jury du 2 juillet 2027 — RNCP41296' }).waitFor();
    await page.getByText('La composition du jury respecte la règle de la certification.').waitFor();
    await page.getByRole('article', { name: 'Léa Fontaine' }).waitFor();

    // And the people made here sign in to their own screens.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, w.baseUrl, 'lea.fontaine@exemple.fr', STRONG_PASSWORD);
    await page.getByRole('heading', { name: 'Mon parcours' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, w.baseUrl, 'claire.formatrice@centre-test.fr', STRONG_PASSWORD);
    await page.getByRole('heading', { name: 'Saisie des résultats' }).waitFor();
    await page.getByLabel('Promotion').selectOption({ label: 'Promotion 2026 Lyon (RNCP41296)' });
  });

  it('speaks English on request, the API detail then shown as is; keyboard only reaches every admin form', async () => {
    await signIn(page, w.baseUrl, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('heading', { name: 'Apprenants', level: 1 }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create the learner' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // In English the sentence is the API's own detail; the fields carry their errors.
    expect(await alert.textContent()).toMatch(/firstName|lastName|email/);
    await page.locator('#new-learner-first-name[aria-invalid="true"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-learners-en');

    // Tab from the skip link reaches the sub-navigation, then the form's fields and its button, without a mouse.
    await page.getByLabel('Language').selectOption('fr');
    await page.goto(`${w.baseUrl}/admin/utilisateurs`);
    await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate(
          () => (globalThis as any).document.activeElement?.id || (globalThis as any).document.activeElement?.textContent,
        ),
      );
    }
    for (const id of ['user-email', 'user-name', 'user-password', 'user-role-trainer', 'Créer l’utilisateur'])
      expect(reached).toContain(id);
  });
});
