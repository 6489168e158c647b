import { Injectable } from '@nestjs/common';
import { AuthContext, CallerParameters, cohortReadableSql, SqlRepository } from '@project/platform';
import { EligibleLearnerRow } from './dto/progress.dto';

const eligibleCaller = new CallerParameters(8);

/**
 * The SQL of eligibility lists: one set-based statement, held blocks (the held_blocks function, equivalences
 * included) against required ones. The completion rule is written here again for set-based speed:
 * eligibility.e2e-spec.ts checks it against checkEligibility of @project/domain on generated data.
 */
@Injectable()
export class ProgressRepository extends SqlRepository {
  /**
   * Learners of the organisation enrolled in the certification who hold every block its completion
   * rule requires (rule 4), ordered by name for keyset pagination, among the enrolments the caller may read
   * (a trainer: those of the cohorts it is assigned to).
   */
  async findEligibleLearners(
    auth: AuthContext,
    certificationCode: string,
    cohortId: string | null,
    after: [string, string, string] | undefined,
    limit: number,
  ): Promise<EligibleLearnerRow[]> {
    return this.dataSource.query(
      `WITH
       required AS (SELECT code, mandatory FROM block WHERE certification_code = $1 AND retired_at IS NULL),
       rule AS (
         SELECT completion_rule->>'kind' AS kind, coalesce((completion_rule->>'optionalCount')::int, 0) AS optional_count,
                (SELECT count(*) FROM required) AS total,
                (SELECT count(*) FROM required WHERE mandatory) AS mandatory_total,
                (SELECT count(*) FROM required WHERE NOT mandatory) AS optional_total
         FROM certification WHERE code = $1),
       candidates AS MATERIALIZED (
         SELECT DISTINCT l.id, l.first_names, l.last_name, l.email
         FROM enrolment e JOIN learner l ON l.id = e.learner_id
         WHERE e.organisation_id = $2 AND e.certification_code = $1 AND ${cohortReadableSql('e.cohort_id', eligibleCaller)}
           AND ($3::uuid IS NULL OR e.cohort_id = $3)
           AND ($4::text IS NULL OR (l.last_name, l.first_names, l.id) > ($4::text, $5::text, $6::uuid)))
       -- Candidates in page order; held blocks are counted learner by learner only until the page is full.
       SELECT c.id, c.first_names AS "firstNames", c.last_name AS "lastName", c.email,
              (SELECT to_char(min(a.held_on), 'YYYY-MM-DD') FROM standing_award a
               WHERE a.learner_id = c.id AND a.certification_code = $1) AS "awardedOn"
       FROM (SELECT * FROM candidates ORDER BY last_name, first_names, id) c
       CROSS JOIN rule
       CROSS JOIN LATERAL (
         SELECT count(DISTINCT r.code) FILTER (WHERE r.mandatory) AS mandatory_held,
                count(DISTINCT r.code) FILTER (WHERE NOT r.mandatory) AS optional_held
         FROM held_blocks(c.id, $2) held JOIN required r ON r.code = held.block_code) h
       WHERE rule.total > 0
         AND h.mandatory_held = rule.mandatory_total
         AND CASE WHEN rule.kind = 'mandatory_plus_optional' THEN h.optional_held >= rule.optional_count
                  ELSE h.optional_held = rule.optional_total END
       ORDER BY c.last_name, c.first_names, c.id
       LIMIT $7`,
      [
        certificationCode,
        auth.organisationId,
        cohortId,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
        ...eligibleCaller.values(auth),
      ],
    );
  }
}
