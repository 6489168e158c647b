import { createCohort, createLearner, enrol, insertResult, seedModalityId, TEST_PASSWORD } from '@project/testing';
import { Page } from 'playwright-core';
import { WebTestApp, browserTestFile, screenshot, seriousViolations, signIn } from './browser';

// The results grid's collective assessments (entered once for a group) and corrections with a reason.
describe('web app: collective results and corrections in the grid', () => {
  const file = browserTestFile();
  let w: WebTestApp;
  let page: Page;
  beforeEach(() => {
    ({ w, page } = file);
  });

  it("records a collective assessment once for a group (retrying a lost send with the same key), then corrects a result with its reason; a correction without one is refused at the reason's field", async () => {
    const trainer = await w.t.createUser(['trainer']);
    const cohort = await createCohort(w.t, { certificationCode: 'RNCP41336', trainerUserIds: [trainer.id], name: 'Promotion 2026 Nantes' });
    const enrolmentIds: string[] = [];
    for (const [firstName, lastName] of [
      ['Alice', 'Aubert'],
      ['Bruno', 'Blanc'],
      ['Chloé', 'Caron'],
    ]) {
      const learner = await createLearner(w.t, { firstName, lastName });
      enrolmentIds.push((await enrol(w.t, learner.id, { certificationCode: 'RNCP41336', cohortId: cohort.id })).id);
    }
    const audit = await seedModalityId(w.t, 'RNCP41336BC03', 'organisational_audit');
    const dialogue = await seedModalityId(w.t, 'RNCP41336BC03', 'social_dialogue_simulation');
    await insertResult(w.t, { enrolmentId: enrolmentIds[2], modalityId: dialogue, score: 8, occurredOn: '2026-05-10' });

    await signIn(page, w.baseUrl, trainer.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Saisie des résultats' }).waitFor();
    await page.getByLabel('Promotion').selectOption({ label: 'Promotion 2026 Nantes (RNCP41336)' });
    await page.getByLabel('Bloc').selectOption('RNCP41336BC03');
    await page.getByLabel('Date de l’épreuve').fill('2026-06-12');
    const section = page.getByRole('region', {
      name: "Épreuve collective : Rapport d'audit organisationnel incluant une analyse et une stratégie RH",
    });
    await section.waitFor();

    // The group: Alice and Bruno, one mark typed once.
    await section.getByLabel('Aubert Alice').check();
    await section.getByLabel('Blanc Bruno').check();
    await section.getByLabel('Résultat du groupe').fill('14,5');
    await section.getByLabel(/^Commentaire/).fill('Groupe A');
    const keys: string[] = [];
    let failOnce = true;
    await page.route('**/api/evaluations/collective', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (failOnce) {
        failOnce = false;
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await section.getByRole('button', { name: 'Enregistrer pour les 2 membres du groupe' }).click();
    await section.getByText(/Vos saisies sont conservées/).waitFor();
    await expect(section.getByLabel('Résultat du groupe').inputValue()).resolves.toBe('14,5');
    await section.getByRole('button', { name: 'Enregistrer pour les 2 membres du groupe' }).click();
    await section.getByText('2 résultats enregistrés.').waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const recorded = await w.t.db.query(
      `SELECT enrolment_id, score::float AS score, comment, occurred_on::text AS day FROM evaluation_result WHERE modality_id = $1 ORDER BY enrolment_id`,
      [audit],
    );
    expect(recorded.rows.map((row) => [row.enrolment_id, row.score, row.comment, row.day]).sort()).toEqual(
      [
        [enrolmentIds[0], 14.5, 'Groupe A', '2026-06-12'],
        [enrolmentIds[1], 14.5, 'Groupe A', '2026-06-12'],
      ].sort(),
    );
    await section.getByText('Dernier : 14,5/20 · 1ᵉʳ passage').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'trainer-collective');

    // A correction: the reason is required (the API names the field), then the new mark replaces the old.
    await section
      .getByRole('button', { name: "Corriger — Aubert Alice — Rapport d'audit organisationnel incluant une analyse et une stratégie RH" })
      .click();
    const correction = page.getByRole('region', { name: /^Corriger le résultat de Aubert Alice/ });
    await correction.waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe('correction-title');
    await correction.getByLabel('Résultat corrigé').fill('25');
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await correction.getByText('Une note de 0 à 20 (deux décimales au plus).').waitFor();
    await correction.getByLabel('Résultat corrigé').fill('15');
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.locator('#correction-reason[aria-invalid="true"]').waitFor();
    await expect(page.locator('#correction-reason-error').textContent()).resolves.toBe('À renseigner.');
    await correction.getByRole('alert').getByText('Certaines valeurs sont refusées. Voyez les champs signalés.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'trainer-correction-refused');
    await correction.getByLabel('Motif de la correction').fill('Erreur de report : 15 sur la grille papier.');
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('Résultat corrigé.').waitFor();
    expect(
      await w.t.count('evaluation_result', 'modality_id = $1 AND enrolment_id = $2 AND score = 15 AND attempt = 1', [
        audit,
        enrolmentIds[0],
      ]),
    ).toBe(1);
    expect(await w.t.count('audit_event', "action = 'evaluation.corrected' AND reason LIKE '%grille papier%'")).toBe(1);

    // An individual cell's recorded result is corrected from the grid itself.
    await page.getByRole('button', { name: /^Corriger — Caron Chloé — Animation d'un temps de dialogue social/ }).click();
    await page.getByLabel('Résultat corrigé').fill('9,5');
    await page.getByLabel('Motif de la correction').fill('Barème mal appliqué.');
    await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('Résultat corrigé.').waitFor();
    await page.getByText('Dernier : 9,5/20 · 1ᵉʳ passage').waitFor();
  });
});
