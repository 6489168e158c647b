import { createLearner } from './factories';
import { createJurySession, insertEnrolment, passBlock } from './jury-factories';
import { TestApp, TestUser, bearer } from './test-app';

export const RNCP41296_BLOCKS = ['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'];

export interface HolderJourney {
  learnerId: string;
  holder: TestUser;
  enrolmentId: string;
  /** The 2025 session (BC01 validated) and the 2026 one (BC02–BC04 validated, certification awarded), both closed. */
  sessions: { first: string; second: string };
  /** Decision ids by block code, and `award` for the certification. */
  decisions: Record<string, string>;
}

export async function decide(t: TestApp, sessionId: string, body: Record<string, unknown>): Promise<string> {
  const response = await t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(t.admin.token)).send(body);
  if (response.status !== 201) throw new Error(`decision failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

export async function closeSession(t: TestApp, sessionId: string): Promise<void> {
  const response = await t.http().post(`/api/jury-sessions/${sessionId}/close`).set(bearer(t.admin.token));
  if (response.status !== 200) throw new Error(`closing failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * The journey through HTTP: a learner (with a learner account) validates RNCP41296 BC01 at a 2025
 * jury, then a year later the other blocks, and is awarded the certification.
 */
export async function holderJourney(
  t: TestApp,
  learner: { firstName?: string; lastName?: string; birthDate?: string } = {},
): Promise<HolderJourney> {
  const created = await createLearner(t, { firstName: 'Inès', lastName: 'Moreau', birthDate: '1990-04-12', ...learner });
  const holder = await t.createUser(['learner'], { learnerId: created.id });
  const enrolmentId = await insertEnrolment(t, { learnerId: created.id, certificationCode: 'RNCP41296', startedOn: '2024-09-01' });
  const decisions: Record<string, string> = {};
  await passBlock(t, enrolmentId, 'RNCP41296BC01', { occurredOn: '2025-05-20' });
  const first = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2025-06-30' });
  decisions.RNCP41296BC01 = await decide(t, first.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' });
  await closeSession(t, first.id);

  const second = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
  for (const block of RNCP41296_BLOCKS.slice(1)) {
    await passBlock(t, enrolmentId, block, { occurredOn: '2026-05-20' });
    decisions[block] = await decide(t, second.id, { enrolmentId, blockCode: block, decision: 'validated' });
  }
  decisions.award = await decide(t, second.id, { enrolmentId, decision: 'awarded' });
  await closeSession(t, second.id);
  return { learnerId: created.id, holder, enrolmentId, sessions: { first: first.id, second: second.id }, decisions };
}
