import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlockEquivalence, HeldAcquisition } from '@project/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AcquisitionDto, BlockEquivalenceDto, FollowUpDto, RecordFollowUpDto, StatisticsYearDto } from './dto/records.dto';

const TS = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ACQUISITION_COLUMNS = `a.id, a.learner_id AS "learnerId", a.block_code AS "blockCode", to_char(a.acquired_on, 'YYYY-MM-DD') AS "acquiredOn",
  a.source, a.evidence_reference AS "evidenceReference", a.awarding_certifier AS "awardingCertifier",
  a.derived_from_acquisition_id AS "derivedFromAcquisitionId", a.jury_decision_id AS "juryDecisionId", ${TS('a.revoked_at')} AS "revokedAt",
  a.revoked_by_decision_id AS "revokedByDecisionId"`;

const FOLLOW_UP_COLUMNS = `f.id, f.learner_id AS "learnerId", f.certification_code AS "certificationCode", to_char(f.observed_on, 'YYYY-MM-DD') AS "observedOn",
  f.months_after_award AS "monthsAfterAward", f.employed, f.in_target_job AS "inTargetJob"`;

export interface NewPriorAcquisition {
  blockCode: string;
  acquiredOn: string;
  source: 'equivalence' | 'vae' | 'external';
  evidenceReference: string | null;
  awardingCertifier: string | null;
  derivedFromAcquisitionId: string | null;
}

/** SQL of what is recorded outside jury sessions: equivalences, prior acquisitions, follow-ups, statistics. */
@Injectable()
export class RecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async blockExists(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM block WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /** A block of the catalogue, or one of a replaced sheet that an equivalence names. */
  async blockIsKnown(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM block WHERE code = $1 UNION ALL SELECT 1 FROM block_equivalence WHERE from_block_code = $1 LIMIT 1`,
      [code],
    );
    return rows.length > 0;
  }

  async insertEquivalence(manager: EntityManager, fromBlockCode: string, toBlockCode: string): Promise<BlockEquivalenceDto> {
    const rows = await manager.query(
      `INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ($1, $2)
       RETURNING id, from_block_code AS "fromBlockCode", to_block_code AS "toBlockCode", ${TS('created_at')} AS "createdAt"`,
      [fromBlockCode, toBlockCode],
    );
    return rows[0];
  }

  async listEquivalences(
    certificationCode: string | undefined,
    after: [string, string] | undefined,
    limit: number,
  ): Promise<BlockEquivalenceDto[]> {
    return this.dataSource.query(
      `SELECT q.id, q.from_block_code AS "fromBlockCode", q.to_block_code AS "toBlockCode", ${TS('q.created_at')} AS "createdAt"
       FROM block_equivalence q JOIN block b ON b.code = q.to_block_code
       WHERE ($1::text IS NULL OR b.certification_code = $1)
         AND ($2::text IS NULL OR (q.to_block_code, q.from_block_code) > ($2::text, $3::text))
       ORDER BY q.to_block_code, q.from_block_code
       LIMIT $4`,
      [certificationCode ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async insertAcquisition(
    manager: EntityManager,
    organisationId: string,
    learnerId: string,
    a: NewPriorAcquisition,
    createdBy: string,
  ): Promise<AcquisitionDto> {
    const rows = await manager.query(
      `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, evidence_reference, awarding_certifier,
          derived_from_acquisition_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        organisationId,
        learnerId,
        a.blockCode,
        a.acquiredOn,
        a.source,
        a.evidenceReference,
        a.awardingCertifier,
        a.derivedFromAcquisitionId,
        createdBy,
      ],
    );
    const found = await manager.query(`SELECT ${ACQUISITION_COLUMNS} FROM block_acquisition a WHERE a.id = $1`, [rows[0].id]);
    return found[0];
  }

  /**
   * What an equivalence from fromBlockCode is checked against: the learner's acquisitions (revoked ones
   * flagged), the equivalences they lead through, and those declared from fromBlockCode.
   */
  async heldAndEquivalences(
    manager: EntityManager,
    learnerId: string,
    fromBlockCode: string,
  ): Promise<{ acquisitions: HeldAcquisition[]; equivalences: BlockEquivalence[] }> {
    // FOR SHARE: a correction revoking the origin waits for this equivalence, then revokes it too.
    const acquisitions = await manager.query(
      `SELECT id, block_code AS "blockCode", to_char(acquired_on, 'YYYY-MM-DD') AS "acquiredOn", source, revoked_at IS NOT NULL AS revoked
       FROM block_acquisition WHERE learner_id = $1 FOR SHARE`,
      [learnerId],
    );
    const equivalences = await manager.query(
      `WITH RECURSIVE reach(block_code) AS (
         SELECT block_code FROM block_acquisition WHERE learner_id = $1 UNION SELECT $2::text
         UNION SELECT q.to_block_code FROM reach r JOIN block_equivalence q ON q.from_block_code = r.block_code)
       SELECT q.from_block_code AS "fromBlockCode", q.to_block_code AS "toBlockCode"
       FROM reach r JOIN block_equivalence q ON q.from_block_code = r.block_code`,
      [learnerId, fromBlockCode],
    );
    return { acquisitions, equivalences };
  }

  /** Every acquisition of the learner, revoked ones included: the record stays visible. */
  async listAcquisitions(learnerId: string): Promise<AcquisitionDto[]> {
    return this.dataSource.query(
      `SELECT ${ACQUISITION_COLUMNS} FROM block_acquisition a WHERE a.learner_id = $1 ORDER BY a.acquired_on, a.block_code, a.created_at`,
      [learnerId],
    );
  }

  /** The learner holds an award of the certification no correction has undone. */
  async isAwarded(manager: EntityManager, learnerId: string, certificationCode: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
       WHERE d.learner_id = $1 AND s.certification_code = $2 AND d.block_code IS NULL AND d.decision = 'awarded'
         AND NOT EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id)
       LIMIT 1`,
      [learnerId, certificationCode],
    );
    return rows.length > 0;
  }

  async insertFollowUp(manager: EntityManager, organisationId: string, learnerId: string, dto: RecordFollowUpDto): Promise<FollowUpDto> {
    const rows = await manager.query(
      `INSERT INTO follow_up (organisation_id, learner_id, certification_code, observed_on, months_after_award, employed, in_target_job)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [organisationId, learnerId, dto.certificationCode.toUpperCase(), dto.observedOn, dto.monthsAfterAward, dto.employed, dto.inTargetJob],
    );
    const found = await manager.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_up f WHERE f.id = $1`, [rows[0].id]);
    return found[0];
  }

  async certificationExists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM certification WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /**
   * Rule 10, per year of the award: holders certified by this organisation (each learner once, at its
   * first standing award), of which by VAE, and the insertion rates (percent) of their follow-ups.
   */
  async statistics(organisationId: string, certificationCode: string): Promise<StatisticsYearDto[]> {
    return this.dataSource.query(
      `WITH awards AS (
         SELECT DISTINCT ON (d.learner_id) d.learner_id, s.held_on, e.access_route
         FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id JOIN enrolment e ON e.id = d.enrolment_id
         WHERE d.organisation_id = $1 AND s.certification_code = $2 AND d.block_code IS NULL AND d.decision = 'awarded'
           AND NOT EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id)
         ORDER BY d.learner_id, s.held_on, d.decided_at)
       SELECT extract(year FROM a.held_on)::int AS year,
              count(*)::int AS "certifiedCount",
              count(*) FILTER (WHERE a.access_route = 'vae')::int AS "certifiedByVaeCount",
              round(100.0 * count(*) FILTER (WHERE f6.employed) / nullif(count(f6.id), 0))::int AS "insertionRate6Months",
              round(100.0 * count(*) FILTER (WHERE f6.in_target_job) / nullif(count(f6.id), 0))::int AS "insertionRateInTargetJob6Months",
              round(100.0 * count(*) FILTER (WHERE f24.employed) / nullif(count(f24.id), 0))::int AS "insertionRate2Years"
       FROM awards a
       LEFT JOIN follow_up f6 ON f6.learner_id = a.learner_id AND f6.certification_code = $2 AND f6.months_after_award = 6
       LEFT JOIN follow_up f24 ON f24.learner_id = a.learner_id AND f24.certification_code = $2 AND f24.months_after_award = 24
       GROUP BY 1
       ORDER BY 1 DESC`,
      [organisationId, certificationCode],
    );
  }
}
