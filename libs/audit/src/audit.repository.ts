import { Injectable } from '@nestjs/common';
import { AuditEventRow, SqlRepository } from '@project/platform';

/** Reads of the append-only trail; writes go through recordAudit inside each feature's transaction. */
@Injectable()
export class AuditRepository extends SqlRepository {
  /** Newest first, keyset on the identity column (it only grows). */
  async list(
    organisationId: string,
    filter: { entityType?: string; entityId?: string },
    limit: number,
    beforeId: string | undefined,
  ): Promise<AuditEventRow[]> {
    return this.dataSource.query(
      // Qualified a.id: a bare "id" in ORDER BY would mean the text output column and sort "9" after "10".
      `SELECT a.id::text AS id, a.occurred_at AS "occurredAt", a.actor_user_id AS "actorUserId", a.action, a.entity_type AS "entityType",
              a.entity_id AS "entityId", a.before, a.after, a.reason
       FROM audit_event a
       WHERE a.organisation_id = $1
         AND ($2::text IS NULL OR a.entity_type = $2)
         AND ($3::text IS NULL OR a.entity_id = $3)
         AND ($4::bigint IS NULL OR a.id < $4::bigint)
       ORDER BY a.id DESC
       LIMIT $5`,
      [organisationId, filter.entityType ?? null, filter.entityId ?? null, beforeId ?? null, limit + 1],
    );
  }
}
