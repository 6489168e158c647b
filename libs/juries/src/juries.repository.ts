import { Injectable } from '@nestjs/common';
import { EnrolmentRow } from '@project/learners';
import { SqlRepository, networkCentresSql, networkEnrolmentSql } from '@project/platform';
import { EntityManager } from 'typeorm';
import { JuryDecisionRow, NewDecision } from './dto/jury-decision.dto';
import { JuryMemberInputDto, JurySessionRow } from './dto/jury-session.dto';
import { LearnerDecisionRow } from './dto/learner-decision.dto';
import { CandidateRow } from './dto/proposals.dto';
import type { JuryMinutes, MinutesSignature } from './minutes';

export interface SessionRecord extends JurySessionRow {
  organisationId: string;
  organisationName: string;
  /** The organisation's time zone, where the jury's day is a calendar day. */
  timeZone: string;
  /** Today in that time zone (the transaction's clock). */
  today: string;
  certificationTitle: string;
  certificationLevel: number | null;
  /** The certifiers the certification's sheet names. */
  certifierNames: string[];
  registrationEndsOn: string | null;
}

/** An enrolment (the learners library's row) with the jury composition its access route requires. */
export type EnrolmentRecord = Pick<
  EnrolmentRow,
  'id' | 'organisationId' | 'learnerId' | 'certificationCode' | 'accessRoute' | 'cohortId'
> & {
  juryComposition: unknown;
};

const SESSION_JSON = `jsonb_build_object(
  'id', s.id,
  'organisationId', s.organisation_id,
  'organisationName', o.name,
  'timeZone', o.time_zone,
  'today', to_char((now() AT TIME ZONE o.time_zone)::date, 'YYYY-MM-DD'),
  'certificationCode', s.certification_code,
  'certificationTitle', c.title,
  'certificationLevel', c.level,
  'certifierNames', coalesce((SELECT jsonb_agg(x->>'name') FROM jsonb_array_elements(c.certifiers) x WHERE x->>'name' IS NOT NULL), '[]'::jsonb),
  'registrationEndsOn', to_char(c.registration_ends_on, 'YYYY-MM-DD'),
  'heldOn', to_char(s.held_on, 'YYYY-MM-DD'),
  'place', s.place,
  'signaturePolicy', s.signature_policy,
  'presenceRecordedAt', to_char(s.presence_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'closedAt', to_char(s.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'createdAt', to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'members', coalesce((
    SELECT jsonb_agg(jsonb_build_object('id', m.id, 'fullName', m.full_name, 'role', m.role,
                                        'external', m.external, 'userId', m.user_id, 'president', m.president,
                                        'present', m.present, 'listed', m.listed, 'replacesMemberId', m.replaces_member_id)
                     ORDER BY m.listed DESC, m.position)
    FROM jury_member m WHERE m.jury_session_id = s.id), '[]'::jsonb)
)`;
const SESSION_FROM = `jury_session s JOIN certification c ON c.code = s.certification_code JOIN organisation o ON o.id = s.organisation_id`;

/**
 * The session's members decide; a user who does not sit on it (an admin, the jury's secretary) only enters
 * the decision on their behalf. Members and the entering user never change once written, so this is derived.
 */
const ON_BEHALF = `NOT EXISTS (SELECT 1 FROM jury_member m WHERE m.jury_session_id = d.jury_session_id AND m.user_id = d.decided_by)`;

const DECISION_COLUMNS = `d.id, d.jury_session_id AS "jurySessionId", d.enrolment_id AS "enrolmentId", d.learner_id AS "learnerId",
  d.block_code AS "blockCode", d.decision, d.proposal, d.mark::float8 AS mark, d.departs_from_proposal AS "departsFromProposal",
  d.rationale, d.supersedes_decision_id AS "supersedesDecisionId", d.correction_reason AS "correctionReason",
  (SELECT n.id FROM jury_decision n WHERE n.supersedes_decision_id = d.id) AS "supersededByDecisionId",
  d.decided_by AS "decidedBy", to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt",
  ${ON_BEHALF} AS "enteredOnBehalfOfJury"`;

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A version of closed minutes, without its document. */
export interface MinutesVersionRecord {
  version: number;
  content: JuryMinutes;
  sha256: string;
  reason: string | null;
  createdAt: string;
  signedAt: string | null;
}

/** Every SQL statement of jury sessions and their decisions. */
@Injectable()
export class JuriesRepository extends SqlRepository {
  async findUsers(manager: EntityManager, ids: string[]): Promise<{ id: string; organisationId: string; roles: string[] }[]> {
    if (ids.length === 0) return [];
    return manager.query(`SELECT id, organisation_id AS "organisationId", roles FROM app_user WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async insertSession(
    manager: EntityManager,
    organisationId: string,
    session: { certificationCode: string; heldOn: string; place: string | null; signaturePolicy: string; members: JuryMemberInputDto[] },
    createdBy: string,
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO jury_session (organisation_id, certification_code, held_on, place, signature_policy, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organisationId, session.certificationCode, session.heldOn, session.place, session.signaturePolicy, createdBy],
    );
    const id: string = rows[0].id;
    await this.insertMembers(manager, id, session.members, true);
    return id;
  }

  /** Listed members (set up with the session) or replacements (added on the day, present, standing in for a listed one). */
  private async insertMembers(
    manager: EntityManager,
    sessionId: string,
    members: (JuryMemberInputDto & { replacesMemberId?: string })[],
    listed: boolean,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO jury_member (jury_session_id, position, full_name, role, external, user_id, president, listed, present, replaces_member_id)
       SELECT $1, coalesce((SELECT max(position) FROM jury_member WHERE jury_session_id = $1), 0) + m.ordinality,
              m.value->>'fullName', m.value->>'role', (m.value->>'external')::boolean, (m.value->>'userId')::uuid,
              (m.value->>'president')::boolean, $3, CASE WHEN $3 THEN NULL ELSE true END, (m.value->>'replacesMemberId')::uuid
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS m(value, ordinality)`,
      [
        sessionId,
        JSON.stringify(
          members.map((m) => ({
            fullName: m.fullName,
            role: m.role,
            external: m.external,
            userId: m.userId ?? null,
            president: m.president === true,
            replacesMemberId: m.replacesMemberId ?? null,
          })),
        ),
        listed,
      ],
    );
  }

  /** Presence as recorded now replaces any earlier record: listed members present or not, the replacements anew. */
  async recordPresence(
    manager: EntityManager,
    sessionId: string,
    presentMemberIds: string[],
    replacements: (JuryMemberInputDto & { replacesMemberId?: string })[],
    place: string | null,
  ): Promise<void> {
    await manager.query(`DELETE FROM jury_member WHERE jury_session_id = $1 AND NOT listed`, [sessionId]);
    await manager.query(`UPDATE jury_member SET present = (id = ANY($2::uuid[])) WHERE jury_session_id = $1 AND listed`, [
      sessionId,
      presentMemberIds,
    ]);
    await this.insertMembers(manager, sessionId, replacements, false);
    await manager.query(`UPDATE jury_session SET presence_recorded_at = now(), place = coalesce($2, place) WHERE id = $1`, [
      sessionId,
      place,
    ]);
  }

  /** Links a member to a user account (the trigger allows it after closing only for a member without one). */
  async linkMemberAccount(manager: EntityManager, memberId: string, userId: string): Promise<void> {
    await manager.query(`UPDATE jury_member SET user_id = $2 WHERE id = $1`, [memberId, userId]);
  }

  /** The live blocks of a certification, in order, for the minutes' legend. */
  async certificationBlocks(manager: EntityManager, certificationCode: string): Promise<{ code: string; title: string }[]> {
    return manager.query(`SELECT code, title FROM block WHERE certification_code = $1 AND retired_at IS NULL ORDER BY code`, [
      certificationCode,
    ]);
  }

  /** The access routes (with their jury rule) of the candidates decided in the session: the composition checked at closing. */
  async decidedRoutes(manager: EntityManager, sessionId: string): Promise<{ accessRoute: string; juryComposition: unknown }[]> {
    return manager.query(
      `SELECT DISTINCT e.access_route AS "accessRoute", r.jury_composition AS "juryComposition"
       FROM jury_decision d JOIN enrolment e ON e.id = d.enrolment_id
       LEFT JOIN certification_access_route r ON r.certification_code = e.certification_code AND r.route = e.access_route
       WHERE d.jury_session_id = $1 ORDER BY 1`,
      [sessionId],
    );
  }

  /**
   * Decisions lock the session FOR SHARE and closing locks it FOR UPDATE, so a decision is either in the
   * minutes or refused as too late, never lost in between.
   */
  async findSession(manager: EntityManager, id: string, lock: 'share' | 'update' | null = null): Promise<SessionRecord | undefined> {
    const rows = await manager.query(
      `SELECT ${SESSION_JSON} AS session FROM ${SESSION_FROM}
       WHERE s.id = $1 ${lock === 'share' ? 'FOR SHARE OF s' : lock === 'update' ? 'FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows[0]?.session;
  }

  /** Newest sessions first; a jury member sees only the sessions it sits on. */
  async listSessions(
    organisationId: string,
    memberUserId: string | null,
    certificationCode: string | undefined,
    after: [string, string] | undefined,
    limit: number,
  ): Promise<SessionRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT ${SESSION_JSON} AS session FROM ${SESSION_FROM}
       WHERE s.organisation_id = $1
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM jury_member m WHERE m.jury_session_id = s.id AND m.user_id = $2))
         AND ($3::text IS NULL OR s.certification_code = $3)
         AND ($4::date IS NULL OR (s.held_on, s.id) < ($4::date, $5::uuid))
       ORDER BY s.held_on DESC, s.id DESC
       LIMIT $6`,
      [organisationId, memberUserId, certificationCode ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return rows.map((row: { session: SessionRecord }) => row.session);
  }

  async findEnrolment(manager: EntityManager, id: string): Promise<EnrolmentRecord | undefined> {
    const rows = await manager.query(
      `SELECT e.id, e.organisation_id AS "organisationId", e.learner_id AS "learnerId", e.certification_code AS "certificationCode",
              e.access_route AS "accessRoute", e.cohort_id AS "cohortId", r.jury_composition AS "juryComposition"
       FROM enrolment e
       LEFT JOIN certification_access_route r ON r.certification_code = e.certification_code AND r.route = e.access_route
       WHERE e.id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * The session's candidates: enrolments of the organisation in its certification (optionally of one
   * cohort), one per learner: the latest, since decisions follow the learner across enrolments; and, when the
   * organisation certifies it, those of the centres it authorised (their cohorts are theirs: not named); optionally
   * those of one centre (a certifier's jury prepares its network centre by centre). In name order, from `after`, at most
   * `limit` (none: all).
   */
  async findCandidates(
    manager: EntityManager,
    organisationId: string,
    certificationCode: string,
    filter: { cohortId: string | null; trainingCentreId: string | null; after?: [string, string, string]; limit?: number },
  ): Promise<CandidateRow[]> {
    return manager.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (e.learner_id) e.id AS "enrolmentId", e.learner_id AS "learnerId", l.first_names AS "firstNames",
                l.last_name AS "lastName", e.access_route AS "accessRoute", e.organisation_id AS "organisationId",
                CASE WHEN e.organisation_id = $1 THEN e.cohort_id END AS "cohortId", r.jury_composition AS "juryComposition"
         FROM enrolment e JOIN learner l ON l.id = e.learner_id
         LEFT JOIN certification_access_route r ON r.certification_code = e.certification_code AND r.route = e.access_route
         WHERE e.certification_code = $2 AND e.organisation_id IN (SELECT $1::uuid UNION ${networkCentresSql('$1', '$2')})
           AND (e.organisation_id = $1 OR ($3::uuid IS NULL AND ${networkEnrolmentSql('e', '$1', '$2')}))
           AND ($3::uuid IS NULL OR e.cohort_id = $3) AND ($4::uuid IS NULL OR e.organisation_id = $4)
         ORDER BY e.learner_id, e.started_on DESC, e.created_at DESC, e.id DESC) c
       WHERE $5::text IS NULL OR (c."lastName", c."firstNames", c."learnerId") > ($5::text, $6::text, $7::uuid)
       ORDER BY c."lastName", c."firstNames", c."learnerId"
       LIMIT $8`,
      [
        organisationId,
        certificationCode,
        filter.cohortId,
        filter.trainingCentreId,
        filter.after?.[0] ?? null,
        filter.after?.[1] ?? null,
        filter.after?.[2] ?? null,
        filter.limit ?? null,
      ],
    );
  }

  /**
   * Serialises decisions on one learner until the transaction ends: the award check reads the learner's
   * standing, and only the unique index of one session would otherwise stop a parallel award elsewhere.
   */
  async lockLearnerDecisions(manager: EntityManager, learnerId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('jury_decision:' || $1::text, 0))`, [learnerId]);
  }

  /** A standing award of the learner that counts `blockCode` (itself or through an equivalence), if any. */
  async awardRelyingOnBlock(
    manager: EntityManager,
    learnerId: string,
    blockCode: string,
  ): Promise<{ certificationCode: string; heldOn: string } | undefined> {
    const [award] = await manager.query(
      `SELECT sa.certification_code AS "certificationCode", to_char(sa.held_on, 'YYYY-MM-DD') AS "heldOn"
       FROM standing_award sa
       JOIN block b ON b.certification_code = sa.certification_code
       JOIN equivalence_closure(ARRAY[$2::text]) e ON e.block_code = b.code
       WHERE sa.learner_id = $1
       ORDER BY sa.held_on LIMIT 1`,
      [learnerId, blockCode],
    );
    return award;
  }

  async blockBelongsTo(manager: EntityManager, blockCode: string, certificationCode: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM block WHERE code = $1 AND certification_code = $2 AND retired_at IS NULL`, [
      blockCode,
      certificationCode,
    ]);
    return rows.length > 0;
  }

  async findDecisionForCorrection(
    manager: EntityManager,
    id: string,
  ): Promise<(JuryDecisionRow & { sessionOrganisationId: string; sessionHeldOn: string; sessionClosed: boolean }) | undefined> {
    const rows = await manager.query(
      `SELECT ${DECISION_COLUMNS}, s.organisation_id AS "sessionOrganisationId",
              to_char(s.held_on, 'YYYY-MM-DD') AS "sessionHeldOn", s.closed_at IS NOT NULL AS "sessionClosed"
       FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id WHERE d.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The learner's live acquisition of a block, if any (revoked ones do not count). */
  async findHeldAcquisition(
    manager: EntityManager,
    learnerId: string,
    blockCode: string,
  ): Promise<{ id: string; juryDecisionId: string | null } | undefined> {
    const rows = await manager.query(
      `SELECT id, jury_decision_id AS "juryDecisionId" FROM block_acquisition WHERE learner_id = $1 AND block_code = $2 AND revoked_at IS NULL`,
      [learnerId, blockCode],
    );
    return rows[0];
  }

  async insertDecision(manager: EntityManager, d: NewDecision): Promise<JuryDecisionRow> {
    const rows = await manager.query(
      `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal, mark,
          departs_from_proposal, rationale, supersedes_decision_id, correction_reason, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        d.organisationId,
        d.jurySessionId,
        d.enrolmentId,
        d.learnerId,
        d.blockCode,
        d.decision,
        d.proposal,
        d.mark,
        d.departsFromProposal,
        d.rationale,
        d.supersedesDecisionId,
        d.correctionReason,
        d.decidedBy,
      ],
    );
    return (await this.findDecision(manager, rows[0].id))!;
  }

  async findDecision(manager: EntityManager, id: string): Promise<JuryDecisionRow | undefined> {
    const rows = await manager.query(`SELECT ${DECISION_COLUMNS} FROM jury_decision d WHERE d.id = $1`, [id]);
    return rows[0];
  }

  async listDecisions(manager: EntityManager, sessionId: string): Promise<JuryDecisionRow[]> {
    return manager.query(`SELECT ${DECISION_COLUMNS} FROM jury_decision d WHERE d.jury_session_id = $1 ORDER BY d.decided_at, d.id`, [
      sessionId,
    ]);
  }

  /**
   * The standing decisions concerning a learner, in its organisation's name: those of its own juries and, for a
   * partner centre, those of its certifiers' juries (written in the centre's name). Access is the caller's to check.
   */
  async listLearnerDecisions(manager: EntityManager, organisationId: string, learnerId: string): Promise<LearnerDecisionRow[]> {
    return manager.query(
      `SELECT d.id, s.certification_code AS "certificationCode", d.block_code AS "blockCode", d.decision, d.rationale,
              d.supersedes_decision_id AS "supersedesDecisionId", d.correction_reason AS "correctionReason",
              to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn",
              s.closed_at IS NOT NULL AS "sessionClosed",
              (SELECT ${utc('max(v.signed_at)')} FROM jury_minutes v WHERE v.jury_session_id = s.id) AS "minutesSignedAt",
              s.organisation_id AS "juryOrganisationId", o.name AS "juryOrganisationName",
              to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt"
       FROM current_jury_decision d JOIN jury_session s ON s.id = d.jury_session_id JOIN organisation o ON o.id = s.organisation_id
       WHERE d.learner_id = $1 AND d.organisation_id = $2
       ORDER BY s.held_on, s.certification_code, d.block_code NULLS LAST, d.decided_at, d.id`,
      [learnerId, organisationId],
    );
  }

  async insertAcquisition(
    manager: EntityManager,
    a: {
      organisationId: string;
      learnerId: string;
      blockCode: string;
      acquiredOn: string;
      source: 'jury' | 'vae';
      juryDecisionId: string;
      createdBy: string;
    },
  ): Promise<{ id: string } | undefined> {
    // A block already held stays held as it was (rule 3): nothing new is written.
    const rows = await manager.query(
      `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, jury_decision_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (learner_id, block_code) WHERE revoked_at IS NULL DO NOTHING
       RETURNING id`,
      [a.organisationId, a.learnerId, a.blockCode, a.acquiredOn, a.source, a.juryDecisionId, a.createdBy],
    );
    return rows[0];
  }

  /**
   * A correction that no longer validates the block revokes what the corrected decision granted, and the
   * equivalences that followed from it. Two statements: the second sees an equivalence committed while the
   * first waited for its lock on the origin.
   */
  async revokeAcquisitionsOf(manager: EntityManager, decisionId: string, revokedBy: string): Promise<string[]> {
    const [rows] = await manager.query(
      `UPDATE block_acquisition SET revoked_at = now(), revoked_by_decision_id = $2
       WHERE jury_decision_id = $1 AND revoked_at IS NULL RETURNING id`,
      [decisionId, revokedBy],
    );
    const ids: string[] = rows.map((row: { id: string }) => row.id);
    if (ids.length === 0) return ids;
    const [derived] = await manager.query(
      `WITH RECURSIVE chain(id) AS (
         SELECT a.id FROM block_acquisition a WHERE a.derived_from_acquisition_id = ANY($1::uuid[])
         UNION SELECT a.id FROM block_acquisition a JOIN chain c ON a.derived_from_acquisition_id = c.id)
       UPDATE block_acquisition SET revoked_at = now(), revoked_by_decision_id = $2
       WHERE id IN (SELECT id FROM chain) AND revoked_at IS NULL RETURNING id`,
      [ids, revokedBy],
    );
    return [...ids, ...derived.map((row: { id: string }) => row.id)];
  }

  /** Closing: the session and its decisions are frozen; the trigger refuses any later change. */
  async closeSession(manager: EntityManager, id: string, closedAt: string): Promise<void> {
    await manager.query(`UPDATE jury_session SET closed_at = $2 WHERE id = $1`, [id, closedAt]);
  }

  /** The minutes frozen in the session itself by sessions closed before minutes had versions (then version 1 of them). */
  async legacyMinutes(manager: EntityManager, id: string): Promise<unknown> {
    const rows = await manager.query(`SELECT minutes FROM jury_session WHERE id = $1`, [id]);
    return rows[0]?.minutes ?? null;
  }

  /** A session's minutes versions, newest first; `lock` serialises signatures and new versions of one session. */
  async minutesVersions(manager: EntityManager, sessionId: string, lock = false): Promise<MinutesVersionRecord[]> {
    return manager.query(
      `SELECT version, content, sha256, reason, ${utc('created_at')} AS "createdAt", ${utc('signed_at')} AS "signedAt"
       FROM jury_minutes WHERE jury_session_id = $1 ORDER BY version DESC ${lock ? 'FOR UPDATE' : ''}`,
      [sessionId],
    );
  }

  async minutesDocument(manager: EntityManager, sessionId: string, version: number): Promise<Buffer | undefined> {
    const rows = await manager.query(`SELECT document FROM jury_minutes WHERE jury_session_id = $1 AND version = $2`, [sessionId, version]);
    return rows[0]?.document;
  }

  async insertMinutesVersion(
    manager: EntityManager,
    v: { sessionId: string; version: number; content: unknown; document: Buffer; sha256: string; reason: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO jury_minutes (jury_session_id, version, content, document, sha256, reason) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
      [v.sessionId, v.version, JSON.stringify(v.content), v.document, v.sha256, v.reason],
    );
  }

  async minutesSignatures(manager: EntityManager, sessionId: string): Promise<(MinutesSignature & { version: number })[]> {
    return manager.query(
      `SELECT g.version, g.jury_member_id AS "memberId", m.full_name AS "fullName", m.role, m.president, g.sha256,
              ${utc('g.signed_at')} AS "signedAt"
       FROM jury_minutes_signature g JOIN jury_member m ON m.id = g.jury_member_id
       WHERE g.jury_session_id = $1 ORDER BY g.version, g.signed_at, g.id`,
      [sessionId],
    );
  }

  async insertSignature(
    manager: EntityManager,
    g: { sessionId: string; version: number; sha256: string; memberId: string; userId: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO jury_minutes_signature (jury_session_id, version, sha256, jury_member_id, user_id) VALUES ($1, $2, $3, $4, $5)`,
      [g.sessionId, g.version, g.sha256, g.memberId, g.userId],
    );
  }

  /** Records when a version became signed; answers that instant. */
  async markMinutesSigned(manager: EntityManager, sessionId: string, version: number): Promise<string> {
    const [rows] = await manager.query(
      `UPDATE jury_minutes SET signed_at = now() WHERE jury_session_id = $1 AND version = $2 AND signed_at IS NULL
       RETURNING ${utc('signed_at')} AS "signedAt"`,
      [sessionId, version],
    );
    return rows[0].signedAt;
  }

  /** The closed sessions whose decisions this session corrects: each gains a version of its minutes when it closes. */
  async sessionsCorrectedBy(manager: EntityManager, sessionId: string): Promise<string[]> {
    const rows = await manager.query(
      `SELECT DISTINCT p.jury_session_id AS id FROM jury_decision n JOIN jury_decision p ON p.id = n.supersedes_decision_id
       WHERE n.jury_session_id = $1 ORDER BY 1`,
      [sessionId],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /** The corrections of a session's decisions made by later sessions, once those closed. */
  async rectifications(manager: EntityManager, sessionId: string): Promise<JuryMinutes['rectifications']> {
    return manager.query(
      `SELECT p.id AS "decisionId", l.last_name AS "lastName", l.first_names AS "firstNames", p.block_code AS "blockCode",
              p.decision, n.decision AS "correctedDecision", to_char(t.held_on, 'YYYY-MM-DD') AS "correctedOn",
              t.id AS "correctingSessionId", n.correction_reason AS reason
       FROM jury_decision p JOIN jury_decision n ON n.supersedes_decision_id = p.id
       JOIN jury_session t ON t.id = n.jury_session_id AND t.closed_at IS NOT NULL
       JOIN learner l ON l.id = p.learner_id
       WHERE p.jury_session_id = $1
       ORDER BY t.held_on, l.last_name, l.first_names, p.block_code NULLS LAST`,
      [sessionId],
    );
  }

  /**
   * Candidates who received a decision in the session, with the decisions, for the minutes; a partner centre's
   * candidate with its centre, never the centre's cohort.
   */
  async minutesCandidates(manager: EntityManager, sessionId: string): Promise<unknown[]> {
    const rows = await manager.query(
      `SELECT jsonb_build_object(
          'enrolmentId', e.id, 'learnerId', l.id, 'firstNames', l.first_names, 'lastName', l.last_name,
          'birthDate', to_char(l.birth_date, 'YYYY-MM-DD'), 'accessRoute', e.access_route,
          'cohortId', CASE WHEN e.organisation_id = s.organisation_id THEN e.cohort_id END, 'trainingCentreId', e.organisation_id,
          'trainingCentreName', co.name,
          'decisions', jsonb_agg(jsonb_build_object(
             'id', d.id, 'blockCode', d.block_code, 'decision', d.decision, 'proposal', d.proposal, 'mark', d.mark::float8,
             'departsFromProposal', d.departs_from_proposal, 'rationale', d.rationale,
             'supersedesDecisionId', d.supersedes_decision_id, 'correctionReason', d.correction_reason,
             'decidedBy', d.decided_by, 'decidedAt', to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'enteredByName', u.display_name, 'enteredOnBehalfOfJury', ${ON_BEHALF},
             'supersedesHeldOn', to_char(ps.held_on, 'YYYY-MM-DD'), 'supersedesDecision', p.decision)
             ORDER BY d.block_code NULLS LAST, d.decided_at)) AS candidate
       FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
       JOIN enrolment e ON e.id = d.enrolment_id JOIN learner l ON l.id = d.learner_id JOIN organisation co ON co.id = e.organisation_id
       LEFT JOIN app_user u ON u.id = d.decided_by
       LEFT JOIN jury_decision p ON p.id = d.supersedes_decision_id LEFT JOIN jury_session ps ON ps.id = p.jury_session_id
       WHERE d.jury_session_id = $1
       GROUP BY e.id, l.id, s.organisation_id, co.name
       ORDER BY l.last_name, l.first_names, l.id, e.id`,
      [sessionId],
    );
    return rows.map((row: { candidate: unknown }) => row.candidate);
  }
}
