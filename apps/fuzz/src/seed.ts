import { TEST_ADMIN, TestApp, compliantJury } from '@project/testing';
import { Pools } from './arbitraries';
import { Client } from './client';
import { SeedFacts } from './recipes';

/** Who calls: tokens of each role of the seeded organisation, and outsiders. */
export interface Caller {
  name: string;
  userId?: string;
  email?: string;
  password?: string;
  token?: string;
  /** Sent at sign-in: an email may open accounts in several organisations. */
  organisationId?: string;
  /** The Authorization header as sent when it is not a fresh bearer token. */
  rawAuthorization?: string;
}

export interface Seed {
  pools: Pools;
  callers: Caller[];
  /** The open session the jury member sits on (replaced when the fuzzer closes it). */
  openSessionId: string;
  juryUserId: string;
  /** Cohort → trainer assignments made by the seed, restored when the fuzzer removes them. */
  assignments: { cohortId: string; userId: string }[];
  /** What the recipes need to draw bodies that follow the business rules. */
  facts: SeedFacts;
}

export const SEED_PASSWORD = 'Fuzz-seed-Kq7#vX2!mP9z-2026';

/**
 * A realistic organisation built through the HTTP API as its admin: users of every role, learners, two
 * cohorts with trainers, enrolments, results, a jury session with members and decisions, a prior acquisition
 * and an equivalence — so the path ids the fuzzer substitutes exist.
 */
export async function seedOrganisation(t: TestApp, client: Client): Promise<Seed> {
  const admin = t.admin.token;
  const pools: Pools = {};
  const add = (pool: string, ...values: (string | null | undefined)[]) => {
    pools[pool] ??= [];
    for (const value of values) if (typeof value === 'string' && !pools[pool].includes(value)) pools[pool].push(value);
    if (pool !== 'anyId' && values.every((v) => typeof v !== 'string' || /^[0-9a-f-]{36}$/.test(v))) {
      pools.anyId ??= [];
      for (const value of values) if (typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value)) pools.anyId.push(value);
    }
  };

  const login = async (email: string) => {
    const tokens = await client.json('POST', '/api/auth/login', undefined, {
      email,
      password: SEED_PASSWORD,
      organisationId: t.admin.organisationId,
    });
    add('refreshToken', tokens.refreshToken);
    return tokens.accessToken as string;
  };

  // Catalogue: the two seeded sheets, their blocks and modalities.
  const modalitiesOf: Record<string, { id: string; grading: string; mode: string }[]> = {};
  const sheets: Record<string, Record<string, unknown>> = {};
  for (const code of ['RNCP41296', 'RNCP41336']) {
    const sheet = await client.json('GET', `/api/certifications/${code}`, admin);
    sheets[code] = sheet;
    add('certification', code);
    for (const block of sheet.blocks) {
      add('block', block.code);
      modalitiesOf[block.code] = block.modalities;
      add('modality', ...block.modalities.map((m: { id: string }) => m.id));
    }
  }
  add('block', 'RNCP35080BC01', 'RNCP35080BC02');

  // Users of every role.
  const user = async (name: string, roles: string[], learnerId?: string) => {
    const email = `fuzz-${name}@centre-fuzz.fr`;
    const created = await client.json('POST', '/api/users', admin, {
      email,
      password: SEED_PASSWORD,
      displayName: `Fuzz ${name}`,
      roles,
      ...(learnerId ? { learnerId } : {}),
    });
    add('user', created.id);
    add('email', email);
    return { id: created.id as string, email };
  };
  const trainer = await user('trainer', ['trainer']);
  const trainer2 = await user('trainer2', ['trainer']);
  add('trainer', trainer.id, trainer2.id);
  const jury = await user('jury', ['jury_member']);
  const jury2 = await user('jury2', ['jury_member', 'trainer']);
  await user('admin2', ['admin']);
  add('user', t.admin.id);
  add('email', t.admin.email);

  // Learners, two cohorts, enrolments.
  const names = [
    'Inès Moreau',
    'Lucas Bernard',
    'Chloé Dubois',
    'Hugo Laurent',
    'Léa Simon',
    'Nathan Michel',
    'Zoé Garcia',
    'Élodie Lefèvre-Durand',
  ];
  const learners: string[] = [];
  const learnerEmails: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const [firstName, lastName] = name.split(' ');
    const learner = await client.json('POST', '/api/learners', admin, {
      firstName,
      lastName,
      email: `learner${i}@apprenant-fuzz.fr`,
      ...(i % 2 === 0 ? { birthDate: `199${i}-04-17` } : {}),
      ...(i === 7 ? { birthName: 'Durand' } : {}),
    });
    learners.push(learner.id);
    learnerEmails[learner.id] = `learner${i}@apprenant-fuzz.fr`;
    add('learner', learner.id);
    add('learnerEmail', `learner${i}@apprenant-fuzz.fr`);
    add('email', `learner${i}@apprenant-fuzz.fr`);
    add('search', lastName, firstName.slice(0, 3));
  }
  const cohortA = await client.json('POST', '/api/cohorts', admin, {
    name: 'Promotion 2025-2026 Management',
    certificationCode: 'RNCP41296',
    startsOn: '2025-09-01',
    endsOn: '2026-06-30',
    trainerUserIds: [trainer.id, jury2.id],
  });
  const cohortB = await client.json('POST', '/api/cohorts', admin, {
    name: 'Promotion 2025-2026 RH',
    certificationCode: 'RNCP41336',
    startsOn: '2025-09-01',
    endsOn: '2026-06-30',
    trainerUserIds: [trainer2.id],
  });
  add('cohort', cohortA.id, cohortB.id);
  const assignments = [
    { cohortId: cohortA.id, userId: trainer.id },
    { cohortId: cohortA.id, userId: jury2.id },
    { cohortId: cohortB.id, userId: trainer2.id },
  ];
  const enrolments: { id: string; learnerId: string; code: string }[] = [];
  for (const [i, learnerId] of learners.entries()) {
    const code = i < 5 ? 'RNCP41296' : 'RNCP41336';
    const enrolment = await client.json('POST', `/api/learners/${learnerId}/enrolments`, admin, {
      certificationCode: code,
      accessRoute: i === 3 ? 'apprenticeship' : 'continuing_education',
      startedOn: '2025-09-01',
      ...(i === 4 ? {} : { cohortId: code === 'RNCP41296' ? cohortA.id : cohortB.id }),
      ...(i === 2 ? { jobSeeker: true } : {}),
    });
    enrolments.push({ id: enrolment.id, learnerId, code });
    add('enrolment', enrolment.id);
  }

  const trainerToken = await login(trainer.email);
  // Results: the first learners pass BC01 and BC02 of their certification; one fails a modality.
  for (const [i, enrolment] of enrolments.slice(0, 6).entries()) {
    for (const suffix of ['BC01', 'BC02']) {
      for (const modality of modalitiesOf[`${enrolment.code}${suffix}`] ?? []) {
        if (modality.mode === 'collective') continue;
        const result = await client.json('POST', '/api/evaluations', i === 1 ? trainerToken : admin, {
          enrolmentId: enrolment.id,
          modalityId: modality.id,
          occurredOn: '2026-05-20',
          ...(modality.grading === 'pass_fail' ? { outcome: i === 5 ? 'failed' : 'passed' } : { score: i === 5 ? 6.5 : 12 + i }),
          ...(i === 0 ? { comment: 'Très bon dossier, soutenance claire.' } : {}),
        });
        add('evaluation', result.id);
      }
    }
  }

  // A jury session with members (one linked to the jury user) and decisions; an acquisition; an equivalence.
  const openSessionId = await openJurySession(client, admin, jury.id, pools);
  // Decisions are recorded by a member of the session's jury, as in real life.
  const juryToken = await login(jury.email);
  for (const enrolment of enrolments.slice(0, 2)) {
    const decision = await client.json('POST', `/api/jury-sessions/${openSessionId}/decisions`, juryToken, {
      enrolmentId: enrolment.id,
      blockCode: 'RNCP41296BC01',
      decision: 'validated',
    });
    add('decision', decision.id);
  }
  const rhSession = await client.json('POST', '/api/jury-sessions', admin, {
    certificationCode: 'RNCP41336',
    heldOn: '2026-07-02',
    members: compliantJury('RNCP41336', [jury2.id]),
  });
  add('jurySession', rhSession.id);
  const jury2Token = await login(jury2.email);
  const deferred = await client.json('POST', `/api/jury-sessions/${rhSession.id}/decisions`, jury2Token, {
    enrolmentId: enrolments[5].id,
    blockCode: 'RNCP41336BC01',
    decision: 'deferred',
    rationale: 'Dossier incomplet, à représenter.',
  });
  add('decision', deferred.id);
  // Learner 6 holds every RNCP41336 block by VAE and is awarded: follow-ups can be recorded for them. The rules
  // for prior acquisitions are being tightened (issue 9, item 14): if the seed's evidence no longer suffices, the
  // run goes on without an awarded learner (its follow-up recipe then meets 422s) rather than not at all.
  try {
    for (const blockCode of Object.keys(modalitiesOf).filter((block) => block.startsWith('RNCP41336BC'))) {
      await client.json('POST', `/api/learners/${learners[6]}/acquisitions`, admin, {
        blockCode,
        acquiredOn: '2024-03-15',
        source: 'vae',
        evidenceReference: 'Jury VAE CNAM 2024-031',
        awardingCertifier: 'CNAM',
      });
    }
    const award = await client.json('POST', `/api/jury-sessions/${rhSession.id}/decisions`, jury2Token, {
      enrolmentId: enrolments[6].id,
      decision: 'awarded',
    });
    add('decision', award.id);
  } catch (error) {
    console.warn(`fuzz: seed without an awarded learner: ${(error as Error).message}`);
  }
  await client.json('POST', `/api/jury-sessions/${rhSession.id}/close`, admin);
  await client.json('POST', '/api/block-equivalences', admin, { fromBlockCode: 'RNCP35080BC01', toBlockCode: 'RNCP41336BC01' }, [201, 409]);

  // A learner account linked to the first learner.
  const learnerAccount = await user('learner', ['learner'], learners[0]);

  add('entityType', 'learner', 'user', 'cohort', 'enrolment', 'evaluation_result', 'jury_session', 'jury_decision');
  add('password', SEED_PASSWORD, 'wrong-password-1234');

  // Another organisation's admin: no HTTP route creates organisations, so the harness inserts it.
  const other = await t.createOrganisation('Centre voisin (fuzz)');
  add('user', other.admin.id);

  const callers: Caller[] = [
    {
      name: 'admin',
      organisationId: t.admin.organisationId,
      userId: t.admin.id,
      email: t.admin.email,
      password: TEST_ADMIN.password,
      token: t.admin.token,
    },
    {
      name: 'trainer',
      organisationId: t.admin.organisationId,
      userId: trainer.id,
      email: trainer.email,
      password: SEED_PASSWORD,
      token: await login(trainer.email),
    },
    {
      name: 'jury member',
      organisationId: t.admin.organisationId,
      userId: jury.id,
      email: jury.email,
      password: SEED_PASSWORD,
      token: await login(jury.email),
    },
    {
      name: 'learner',
      userId: learnerAccount.id,
      email: learnerAccount.email,
      password: SEED_PASSWORD,
      token: await login(learnerAccount.email),
    },
    { name: 'other admin', userId: other.admin.id, email: other.admin.email, organisationId: other.id, token: other.admin.token },
    { name: 'anonymous' },
    { name: 'bad token', rawAuthorization: `Bearer ${t.admin.token.slice(0, -4)}AAAA` },
  ];
  const seed: Seed = {
    pools,
    callers,
    openSessionId,
    juryUserId: jury.id,
    assignments,
    facts: {
      enrolments,
      modalities: modalitiesOf,
      sheets,
      learnerEmails,
      awarded: { learnerId: learners[6], code: 'RNCP41336', awardedOn: '2026-07-02' },
      openSession: () => seed.openSessionId,
    },
  };
  return seed;
}

/** A new open RNCP41296 session whose first member is the jury user; its id joins the pool. */
export async function openJurySession(client: Client, adminToken: string, juryUserId: string, pools: Pools): Promise<string> {
  const session = await client.json('POST', '/api/jury-sessions', adminToken, {
    certificationCode: 'RNCP41296',
    heldOn: '2026-06-30',
    members: compliantJury('RNCP41296', [juryUserId]),
  });
  (pools.jurySession ??= []).push(session.id);
  (pools.anyId ??= []).push(session.id);
  return session.id;
}
