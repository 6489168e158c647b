import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { FollowUpDto, RecordFollowUpDto, StatisticsYearDto } from './dto/follow-up.dto';

const FOLLOW_UP_COLUMNS = `f.id, f.learner_id AS "learnerId", f.certification_code AS "certificationCode", to_char(f.observed_on, 'YYYY-MM-DD') AS "observedOn",
  f.months_after_award AS "monthsAfterAward", f.employed, f.in_target_job AS "inTargetJob"`;

/** SQL of what follows an award: insertion follow-ups and the certification's statistics (rule 10). */
@Injectable()
export class FollowUpsRepository extends SqlRepository {
  /** The learner holds an award of the certification no correction has undone. */
  async isAwarded(manager: EntityManager, learnerId: string, certificationCode: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM standing_award a WHERE a.learner_id = $1 AND a.certification_code = $2 LIMIT 1`, [
      learnerId,
      certificationCode,
    ]);
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

  /**
   * Rule 10, per year of the award: holders certified (each learner once, at its first standing award), of which by
   * VAE, and the insertion rates (percent) of their follow-ups. The awards counted are those concerning the
   * organisation's learners and those its juries decided (a certifier's whole network); with `byCentre`, only the
   * latter, per training centre (the certifier's breakdown).
   */
  async statistics(
    organisationId: string,
    certificationCode: string,
    byCentre: boolean,
  ): Promise<(StatisticsYearDto & { trainingCentreId: string | null; trainingCentreName: string | null })[]> {
    return this.dataSource.query(
      `WITH awards AS (
         SELECT DISTINCT ON (w.learner_id) w.learner_id, w.held_on, e.access_route, w.organisation_id AS centre_id,
                s.organisation_id = $1 AS by_own_jury
         FROM standing_award w JOIN enrolment e ON e.id = w.enrolment_id
         JOIN jury_decision d ON d.id = w.id JOIN jury_session s ON s.id = d.jury_session_id
         WHERE (w.organisation_id = $1 OR s.organisation_id = $1) AND w.certification_code = $2
         ORDER BY w.learner_id, w.held_on, w.decided_at)
       SELECT CASE WHEN $3 THEN a.centre_id END AS "trainingCentreId", CASE WHEN $3 THEN min(o.name) END AS "trainingCentreName",
              extract(year FROM a.held_on)::int AS year,
              count(*)::int AS "certifiedCount",
              count(*) FILTER (WHERE a.access_route = 'vae')::int AS "certifiedByVaeCount",
              round(100.0 * count(*) FILTER (WHERE f6.employed) / nullif(count(f6.id), 0))::int AS "insertionRate6Months",
              round(100.0 * count(*) FILTER (WHERE f6.in_target_job) / nullif(count(f6.id), 0))::int AS "insertionRateInTargetJob6Months",
              round(100.0 * count(*) FILTER (WHERE f24.employed) / nullif(count(f24.id), 0))::int AS "insertionRate2Years"
       FROM awards a JOIN organisation o ON o.id = a.centre_id
       LEFT JOIN follow_up f6 ON f6.learner_id = a.learner_id AND f6.certification_code = $2 AND f6.months_after_award = 6
       LEFT JOIN follow_up f24 ON f24.learner_id = a.learner_id AND f24.certification_code = $2 AND f24.months_after_award = 24
       WHERE NOT $3 OR a.by_own_jury
       GROUP BY 1, 3
       ORDER BY min(o.name), 1, 3 DESC`,
      [organisationId, certificationCode, byCentre],
    );
  }
}
