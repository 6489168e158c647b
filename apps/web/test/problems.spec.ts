import { fieldErrors, problemSentence } from '../src/problems';

describe('an API problem as a sentence', () => {
  it.each([
    [
      'a known code in French, the detail after it',
      { status: 422, code: 'not_eligible', detail: 'Missing blocks: RNCP41296BC03' },
      { sentence: 'Le candidat ne remplit pas les conditions pour obtenir la certification.', detail: 'Missing blocks: RNCP41296BC03' },
    ],
    [
      'refused credentials: the French sentence says it all',
      { status: 401, detail: 'Invalid email or password' },
      { sentence: 'Identifiants refusés : adresse e-mail ou mot de passe incorrect.' },
    ],
    [
      'a departure without rationale: no English nor internal values after the French',
      {
        status: 400,
        code: 'rationale_required',
        detail: 'Deciding validated departs from the proposal (not_acquired): a rationale is required',
      },
      { sentence: 'Cette décision s’écarte de la proposition : motivez-la.' },
    ],
    [
      'no code: the status in French, the detail naming the specifics',
      { status: 409, detail: 'Already exists (cohort_name_key).' },
      { sentence: 'Cet élément existe déjà, ou il a changé entre-temps.', detail: 'Already exists (cohort_name_key).' },
    ],
    [
      'a validation failure: the fields say the rest',
      { status: 400, detail: 'email must be an email', errors: [{ field: 'email', message: 'email must be an email' }] },
      { sentence: 'Certaines valeurs sont refusées. Voyez les champs signalés.' },
    ],
    [
      'a 500 says nothing more than the sentence',
      { status: 500, detail: 'An unexpected error occurred.' },
      { sentence: 'Une erreur inattendue est survenue sur le serveur.' },
    ],
    ['an unknown code and status: the detail', { status: 418, code: 'teapot', detail: 'I am a teapot' }, { sentence: 'I am a teapot' }],
    ['nothing at all: the status', { status: 418 }, { sentence: 'La demande a échoué (HTTP 418).' }],
  ])('in French: %s', (_, problem, expected) => {
    expect(problemSentence(problem, 'fr')).toEqual(expected);
  });

  it('in English, the API detail as is, else the status', () => {
    expect(problemSentence({ status: 422, code: 'not_eligible', detail: 'Missing blocks: BC03' }, 'en')).toEqual({
      sentence: 'Missing blocks: BC03',
    });
    expect(problemSentence({ status: 502 }, 'en')).toEqual({ sentence: 'The request failed (HTTP 502).' });
  });

  it('gives the common codes their own French sentence rather than the English detail', () => {
    for (const code of [
      'conflict',
      'access_route_closed',
      'registration_ended',
      'jury_session_closed',
      'jury_not_sat_yet',
      'evaluation_locked_by_jury',
    ]) {
      const { sentence } = problemSentence({ status: 409, code, detail: 'English detail' }, 'fr');
      expect(sentence).not.toBe('English detail');
      expect(sentence).toMatch(/[a-zé]/);
    }
  });

  it('gathers the errors by field, messages of one field joined', () => {
    const errors = fieldErrors({
      status: 400,
      errors: [
        { field: 'members[0].fullName', message: 'must not be empty' },
        { field: 'email', message: 'must be an email' },
        { field: 'members[0].fullName', message: 'must be a string' },
      ],
    });
    expect([...errors]).toEqual([
      ['members[0].fullName', 'must not be empty ; must be a string'],
      ['email', 'must be an email'],
    ]);
    expect(fieldErrors(null).size).toBe(0);
  });

  it.each([
    ['email must be an email', 'Adresse e-mail invalide.'],
    ['reason must not be blank', 'À renseigner.'],
    ['password must be longer than or equal to 12 characters', 'Au moins 12 caractères.'],
    ['heldOn must be a real date', 'Une date attendue (jour, mois, année).'],
    ['role must be one of the following values: a, b', 'Valeur non prévue (valeurs possibles : a, b).'],
    ['endsOn must be on or after startsOn', 'endsOn must be on or after startsOn'],
  ])('words the common field message "%s" in French', (message, french) => {
    expect(fieldErrors({ status: 400, errors: [{ field: 'x', message }] }, 'fr').get('x')).toBe(french);
    expect(fieldErrors({ status: 400, errors: [{ field: 'x', message }] }, 'en').get('x')).toBe(message);
  });

  it('says a French message once when two English ones become the same', () => {
    const errors = [
      { field: 'heldOn', message: 'heldOn must be a real date' },
      { field: 'heldOn', message: 'heldOn must be formatted YYYY-MM-DD' },
    ];
    expect(fieldErrors({ status: 400, errors }, 'fr').get('heldOn')).toBe('Une date attendue (jour, mois, année).');
  });
});
