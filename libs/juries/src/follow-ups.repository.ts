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
   *
   * Set-based in two index-friendly branches (the jury's sessions; the organisation's own learners decided by another
   * jury), so a network of 50,000 awards is read in one pass; the organisation names are joined after aggregating.
   */
  async statistics(
    organisationId: string,
    certificationCode: string,
    byCentre: boolean,
  ): Promise<(StatisticsYearDto & { trainingCentreId: string | null; trainingCentreName: string | null })[]> {
    return this.dataSource.query(
      `WITH network AS (
         SELECT w.learner_id, w.held_on, w.decided_at, w.organisation_id AS centre_id, true AS by_own_jury, vae.id IS NOT NULL AS by_vae
         FROM standing_award w
         LEFT JOIN enrolment vae ON vae.id = w.enrolment_id AND vae.certification_code = $2 AND vae.access_route = 'vae'
         WHERE w.jury_organisation_id = $1 AND w.certification_code = $2
         UNION ALL
         SELECT w.learner_id, w.held_on, w.decided_at, w.organisation_id, false, vae.id IS NOT NULL
         FROM standing_award w
         LEFT JOIN enrolment vae ON vae.id = w.enrolment_id AND vae.certification_code = $2 AND vae.access_route = 'vae'
         WHERE w.organisation_id = $1 AND w.jury_organisation_id <> $1 AND w.certification_code = $2),
       awards AS (
         SELECT DISTINCT ON (n.learner_id) n.learner_id, n.held_on, n.centre_id, n.by_own_jury, n.by_vae
         FROM network n
         ORDER BY n.learner_id, n.held_on, n.decided_at),
       years AS (
         SELECT CASE WHEN $3 THEN a.centre_id END AS centre_id, extract(year FROM a.held_on)::int AS year,
                count(*)::int AS "certifiedCount",
                count(*) FILTER (WHERE a.by_vae)::int AS "certifiedByVaeCount",
                round(100.0 * count(*) FILTER (WHERE f6.employed) / nullif(count(f6.id), 0))::int AS "insertionRate6Months",
                round(100.0 * count(*) FILTER (WHERE f6.in_target_job) / nullif(count(f6.id), 0))::int AS "insertionRateInTargetJob6Months",
                round(100.0 * count(*) FILTER (WHERE f24.employed) / nullif(count(f24.id), 0))::int AS "insertionRate2Years"
         FROM awards a
         LEFT JOIN follow_up f6 ON f6.learner_id = a.learner_id AND f6.certification_code = $2 AND f6.months_after_award = 6
         LEFT JOIN follow_up f24 ON f24.learner_id = a.learner_id AND f24.certification_code = $2 AND f24.months_after_award = 24
         WHERE NOT $3 OR a.by_own_jury
         GROUP BY 1, 2)
       SELECT y.centre_id AS "trainingCentreId", o.name AS "trainingCentreName", y.year, y."certifiedCount", y."certifiedByVaeCount",
              y."insertionRate6Months", y."insertionRateInTargetJob6Months", y."insertionRate2Years"
       FROM years y LEFT JOIN organisation o ON o.id = y.centre_id
       ORDER BY o.name, y.centre_id, y.year DESC`,
      [organisationId, certificationCode, byCentre],
    );
  }
}
