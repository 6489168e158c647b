import { DomainError, DomainErrorCode, HabilitationPeriod, notFound } from '@project/domain';
import { EntityManager } from 'typeorm';
import { AuthContext, hasRole } from '../auth/auth-context';
import { preparedQuery } from '../database/prepared-query';

/**
 * Who may see or touch which learner, in one place (every repository builds its SQL from the fragments below):
 * - admin: everything inside its organisation;
 * - trainer: learners enrolled in a cohort it is assigned to (others: 403 to write, 404 to read);
 * - jury_member: learners of its organisation (read only), to prepare decisions;
 * - learner: only its own record (any other id answers 404, as if it did not exist).
 * Nothing ever crosses organisations (another organisation's ids answer 404), except in a certifier's network: its
 * admins and jury members read, for a centre's learner it authorised the centre to enrol in a certification, what
 * concerns that certification only — its sessions' candidates, and the credentials issued for it (networkEnrolmentSql).
 *
 * The fragments are SQL predicates, so a statement checks access for one row or a whole set in itself (no extra
 * round trip on hot reads). They read the caller from parameters: see CallerParameters.
 */

type CallerField = 'organisation' | 'user' | 'roles' | 'learner';
const CALLER_TYPES: Record<CallerField, string> = { organisation: 'uuid', user: 'uuid', roles: 'text[]', learner: 'uuid' };
const callerValue = (auth: AuthContext, field: CallerField): unknown =>
  ({ organisation: auth.organisationId, user: auth.userId, roles: auth.roles, learner: auth.learnerId })[field];

/**
 * Where a statement holds the caller: the fragments ask for the fields they need and get placeholders numbered from
 * `first`, in the order first asked (PostgreSQL refuses a parameter no placeholder uses, so only those are bound).
 * Build the statement once, then pass `values(auth)` at `first` (the caller's parameters come last).
 */
export class CallerParameters {
  private readonly fields: CallerField[] = [];

  constructor(private readonly first: number) {}

  get organisation(): string {
    return this.placeholder('organisation');
  }
  get user(): string {
    return this.placeholder('user');
  }
  get roles(): string {
    return this.placeholder('roles');
  }
  get learner(): string {
    return this.placeholder('learner');
  }

  values(auth: AuthContext): unknown[] {
    return this.fields.map((field) => callerValue(auth, field));
  }

  private placeholder(field: CallerField): string {
    if (!this.fields.includes(field)) this.fields.push(field);
    return `$${this.first + this.fields.indexOf(field)}::${CALLER_TYPES[field]}`;
  }
}

type CallerPlaceholders = Pick<CallerParameters, CallerField>;

const has = (caller: CallerPlaceholders, role: string) => `'${role}' = ANY(${caller.roles})`;

/** The caller is assigned to the cohort `cohort` (a column): the one place access reads cohort_trainer. */
function assignedSql(cohort: string, caller: CallerPlaceholders): string {
  return `EXISTS (SELECT 1 FROM cohort_trainer ct WHERE ct.cohort_id = ${cohort} AND ct.user_id = ${caller.user})`;
}

/** The caller is a trainer assigned to the cohort `cohort`. */
function teachesSql(cohort: string, caller: CallerPlaceholders): string {
  return `(${has(caller, 'trainer')} AND ${assignedSql(cohort, caller)})`;
}

/** Reading the learner row `alias`: the rule above, organisation included. */
export function learnerReadableSql(alias: string, caller: CallerPlaceholders): string {
  return `(${alias}.organisation_id = ${caller.organisation} AND (${has(caller, 'admin')} OR ${has(caller, 'jury_member')}
    OR (${has(caller, 'learner')} AND ${alias}.id = ${caller.learner})
    OR (${has(caller, 'trainer')} AND EXISTS (SELECT 1 FROM enrolment e WHERE e.learner_id = ${alias}.id AND ${assignedSql('e.cohort_id', caller)}))))`;
}

/** Completing the learner row `alias`'s civil identity: its organisation's admins, and the learner itself (nobody else). */
export function learnerIdentityEditableSql(alias: string, caller: CallerPlaceholders): string {
  return `(${alias}.organisation_id = ${caller.organisation} AND (${has(caller, 'admin')} OR (${has(caller, 'learner')} AND ${alias}.id = ${caller.learner})))`;
}

/** Reading a cohort, or what is filed under it (the organisation is the caller's to check): admins, jury members, its trainers. */
export function cohortReadableSql(cohort: string, caller: CallerPlaceholders): string {
  return `(${has(caller, 'admin')} OR ${has(caller, 'jury_member')} OR ${teachesSql(cohort, caller)})`;
}

/** Recording results for the enrolment row `alias` (the organisation is the caller's to check): admins, trainers of its cohort. */
export function enrolmentRecordableSql(alias: string, caller: CallerPlaceholders): string {
  return `(${has(caller, 'admin')} OR ${teachesSql(`${alias}.cohort_id`, caller)})`;
}

const visibleLearnerCaller = new CallerParameters(2);
/** The one learner `l` whose id is $1, if the caller may read it (parameters: learnerVisibleParams; $2 is the caller's organisation, asked first). */
export const VISIBLE_LEARNER_WHERE = `l.id = $1::uuid AND ${learnerReadableSql('l', visibleLearnerCaller)}`;

/** Parameters of a statement filtered by VISIBLE_LEARNER_WHERE: the learner, then the caller. */
export function learnerVisibleParams(auth: AuthContext, learnerId: string): unknown[] {
  return [learnerId, ...visibleLearnerCaller.values(auth)];
}

const CAN_READ_LEARNER_SQL = `SELECT 1 FROM learner l WHERE ${VISIBLE_LEARNER_WHERE}`;

export async function canReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<boolean> {
  const rows = await preparedQuery(manager, 'access_read_learner', CAN_READ_LEARNER_SQL, learnerVisibleParams(auth, learnerId));
  return rows.length > 0;
}

/**
 * Only for a learner id the caller gave: a record reached through another id (a result, an enrolment)
 * answers its own "not found" instead, or the message would name a learner the caller may not know.
 */
export async function assertCanReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
  if (!(await canReadLearner(manager, auth, learnerId))) throw notFound(`Learner ${learnerId}`);
}

/** Why the caller may not record results for an enrolment, or null when it may. */
export type RecordingRefusal = { status: 'not_found' | 'forbidden'; message: string } | null;

const recordableCaller = new CallerParameters(2);
const RECORDABLE_SQL = `SELECT x.id, coalesce(e.organisation_id = ${recordableCaller.organisation}, false) AS visible, e.learner_id,
       coalesce(${enrolmentRecordableSql('e', recordableCaller)}, false) AS recordable
FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord) LEFT JOIN enrolment e ON e.id = x.id
ORDER BY x.ord`;

/**
 * Recording results: admins of the organisation, or trainers assigned to the enrolment's cohort.
 * One statement for any number of enrolments; the answer is in the order given.
 */
export async function recordingRefusals(manager: EntityManager, auth: AuthContext, enrolmentIds: string[]): Promise<RecordingRefusal[]> {
  const rows = await preparedQuery<{ id: string; visible: boolean; learner_id: string | null; recordable: boolean }>(
    manager,
    'access_record_for_enrolments',
    RECORDABLE_SQL,
    [enrolmentIds, ...recordableCaller.values(auth)],
  );
  return rows.map((enrolment): RecordingRefusal => {
    if (!enrolment.visible) return { status: 'not_found', message: `Enrolment ${enrolment.id} not found` };
    if (enrolment.recordable) return null;
    if (hasRole(auth, 'learner') && !hasRole(auth, 'trainer') && auth.learnerId === enrolment.learner_id) {
      return { status: 'forbidden', message: 'A learner cannot record its own results' };
    }
    return { status: 'forbidden', message: "Only trainers assigned to this enrolment's cohort (or admins) may record its results" };
  });
}

export async function assertCanRecordForEnrolment(manager: EntityManager, auth: AuthContext, enrolmentId: string): Promise<void> {
  const [refusal] = await recordingRefusals(manager, auth, [enrolmentId]);
  if (refusal)
    throw new DomainError(refusal.status === 'not_found' ? DomainErrorCode.NotFound : DomainErrorCode.Forbidden, refusal.message);
}

/**
 * Certifier networks: the enrolment row `enrolment` was made by a centre the certifier `certifier` authorised for the
 * certification `certificationCode` on its start date (a habilitation revoked since still covers the enrolments made
 * under it). The certifier's juries read such candidates — their identity, that certification's results and
 * proposals — never anything else of the centre.
 */
export function networkEnrolmentSql(enrolment: string, certifier: string, certificationCode: string): string {
  return `EXISTS (SELECT 1 FROM habilitation h WHERE h.certifier_id = ${certifier} AND h.certification_code = ${certificationCode}
    AND h.training_centre_id = ${enrolment}.organisation_id AND ${enrolment}.certification_code = h.certification_code
    AND ${enrolment}.started_on >= h.valid_from AND (h.valid_until IS NULL OR ${enrolment}.started_on <= h.valid_until))`;
}

/**
 * A certifier's admins and jury members read the learner `learner` (a column) as a candidate of its network for the
 * certification `certificationCode` (a column or placeholder): a centre it authorised enrolled the learner in it. Only
 * for what concerns that certification; the learner's own record stays the centre's (learnerReadableSql).
 */
export function networkLearnerReadableSql(learner: string, certificationCode: string, caller: CallerPlaceholders): string {
  return `((${has(caller, 'admin')} OR ${has(caller, 'jury_member')}) AND EXISTS (SELECT 1 FROM enrolment ne WHERE ne.learner_id = ${learner}
    AND ${networkEnrolmentSql('ne', caller.organisation, certificationCode)}))`;
}

/**
 * Reading the issued credential row `alias`: whoever reads its holder; and, for a credential of a certification its
 * network prepares the holder for, the certifier's admins and jury members (never another certification's).
 */
export function credentialReadableSql(alias: string, caller: CallerPlaceholders): string {
  return `(EXISTS (SELECT 1 FROM learner cl WHERE cl.id = ${alias}.learner_id AND ${learnerReadableSql('cl', caller)})
    OR ${networkLearnerReadableSql(`${alias}.learner_id`, `${alias}.certification_code`, caller)})`;
}

const credentialsOwnerCaller = new CallerParameters(2);
const CAN_READ_CREDENTIALS_OF_SQL = `SELECT 1 FROM learner l WHERE l.id = $1::uuid AND (${learnerReadableSql('l', credentialsOwnerCaller)}
  OR ${networkLearnerReadableSql('l.id', 'ne.certification_code', credentialsOwnerCaller)})`;

/**
 * The caller may list credentials of the learner: it reads the learner, or it is the learner's certifier in some
 * certification (the list is then narrowed by credentialReadableSql); otherwise the learner answers 404.
 */
export async function assertCanReadCredentialsOf(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
  const rows = await preparedQuery(manager, 'access_read_credentials_of', CAN_READ_CREDENTIALS_OF_SQL, [
    learnerId,
    ...credentialsOwnerCaller.values(auth),
  ]);
  if (rows.length === 0) throw notFound(`Learner ${learnerId}`);
}

const NETWORK_ENROLMENT_SQL = `SELECT 1 FROM enrolment e WHERE e.id = $1 AND ${networkEnrolmentSql('e', '$2::uuid', '$3::text')}`;

/**
 * The certifier's jury decides for an enrolment of a centre it authorised (networkEnrolmentSql, for one row): the
 * decision then concerns the centre's learner, so it is written in the centre's name (its progress shows it).
 */
export async function isNetworkEnrolment(
  manager: EntityManager,
  enrolmentId: string,
  certifierId: string,
  certificationCode: string,
): Promise<boolean> {
  const rows = await manager.query(NETWORK_ENROLMENT_SQL, [enrolmentId, certifierId, certificationCode]);
  return rows.length > 0;
}

/** The centres the certifier ever authorised for the certification: narrows a scan to their enrolments (an index each). */
export function networkCentresSql(certifier: string, certificationCode: string): string {
  return `SELECT h.training_centre_id FROM habilitation h WHERE h.certifier_id = ${certifier} AND h.certification_code = ${certificationCode}`;
}

/**
 * What entitles an organisation to enrol learners in a certification (issue 13): it certifies it, or a certifier
 * authorised it (its habilitations for it, revoked ones included so a refusal can say why). The rule deciding on a
 * date is `enrolmentRefusal` (libs/domain). The habilitations are locked FOR SHARE: a revocation waits for the
 * enrolment that relied on it.
 */
export async function enrolmentEntitlement(
  manager: EntityManager,
  organisationId: string,
  certificationCode: string,
): Promise<{ certifies: boolean; habilitations: HabilitationPeriod[] }> {
  const certifies = await manager.query(`SELECT 1 FROM certification_certifier WHERE certification_code = $1 AND organisation_id = $2`, [
    certificationCode,
    organisationId,
  ]);
  const habilitations: HabilitationPeriod[] = await manager.query(
    `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_until, 'YYYY-MM-DD') AS "validUntil", revoked_at AS "revokedAt"
     FROM habilitation WHERE certification_code = $1 AND training_centre_id = $2 ORDER BY valid_from FOR SHARE`,
    [certificationCode, organisationId],
  );
  return { certifies: certifies.length > 0, habilitations };
}
