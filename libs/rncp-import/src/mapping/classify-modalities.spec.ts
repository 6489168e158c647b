import { classifyModalities, kindsInLine } from './classify-modalities';

describe('kindsInLine', () => {
  it.each([
    ['Etude de cas', ['case_study']],
    ['Cas pratique à partir d’une situation réelle', ['case_study']],
    ["Rédaction d'un mémoire professionnel et soutenances orales", ['professional_thesis', 'oral_defence']],
    ['Mise en situation professionnelle', ['professional_simulation']],
    ['Analyse réflexive', ['reflective_analysis']],
    ["Epreuves d'anglais écrite et orale", ['english_written', 'english_oral']],
    ["Épreuve orale d'anglais", ['english_oral']],
    ['Anglais écrit', ['english_written']],
    ['Note de synthèse', ['written_synthesis']],
    ['Rédaction d’un rapport d’audit organisationnel', ['organisational_audit']],
    ['Rapport écrit', ['written_report']],
    ['Enquête de recherche-action', ['action_research']],
    ['Réponse à un appel à projets', ['call_for_projects_response']],
    ["Mise en situation : animation d'un temps de dialogue social", ['social_dialogue_simulation']],
    ['Epreuve orale', ['oral_exam']],
    ['Évaluation continue tout au long du parcours', []],
  ])('%s → %j', (line, kinds) => {
    expect(kindsInLine(line)).toEqual(kinds);
  });
});

describe('classifyModalities', () => {
  it('gives one modality per kind named, labelled with its line, in the order of the text', () => {
    const modalities = classifyModalities('Etude de cas\nMise en situation professionnelle en groupe\nEpreuves d’anglais écrite et orale');
    expect(modalities.map((m) => [m.kind, m.mode, m.form])).toEqual([
      ['case_study', 'individual', 'written'],
      ['professional_simulation', 'collective', 'written'],
      ['english_written', 'individual', 'written'],
      ['english_oral', 'individual', 'oral'],
    ]);
    expect(modalities[0]).toMatchObject({ label: 'Etude de cas', coefficient: 1, passMark: 10, eliminatoryFloor: null, grading: 'score' });
  });

  it('reads HTML lists and paragraphs, escaped or not', () => {
    expect(
      classifyModalities('&lt;ul&gt;&lt;li&gt;Mémoire&lt;/li&gt;&lt;li&gt;Soutenance orale&lt;/li&gt;&lt;/ul&gt;').map((m) => [
        m.kind,
        m.form,
      ]),
    ).toEqual([
      ['professional_thesis', 'written'],
      ['oral_defence', 'oral'],
    ]);
    expect(classifyModalities('<p>Note de synthèse</p><p>Présentation orale</p>').map((m) => m.kind)).toEqual([
      'written_synthesis',
      'oral_exam',
    ]);
  });

  it('keeps unclear text as one `other` modality with the original words', () => {
    expect(classifyModalities('<p>Évaluation  continue</p><p>tout au long du parcours.</p>')).toEqual([
      expect.objectContaining({
        kind: 'other',
        label: 'Évaluation continue tout au long du parcours.',
        form: 'written',
        mode: 'individual',
      }),
    ]);
  });

  it('gives nothing for blank text', () => {
    expect(classifyModalities(undefined)).toEqual([]);
    expect(classifyModalities('  <p> </p> ')).toEqual([]);
  });

  it('never gives two identical modalities', () => {
    expect(classifyModalities('Etude de cas\nEtude de cas')).toHaveLength(1);
  });

  it('clips very long labels to the sheet limit', () => {
    const [modality] = classifyModalities('x'.repeat(5000));
    expect(modality.label).toHaveLength(1000);
  });
});
