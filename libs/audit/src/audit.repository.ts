import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventRow } from './dto/audit.dto';

/** Reads of the append-only trail; writes go through recordAudit inside each feature's transaction. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, keyset on the identity column (it only grows). */
  async list(
    organisationId: string,
    filter: { entityType?: string; entityId?: string },
    limit: number,
    beforeId: string | undefined,
  ): Promise<AuditEventRow[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, occurred_at, actor_user_id, action, entity_type, entity_id, before, after, reason
       FROM audit_event
       WHERE organisation_id = $1
         AND ($2::text IS NULL OR entity_type = $2)
         AND ($3::text IS NULL OR entity_id = $3)
         AND ($4::bigint IS NULL OR id < $4::bigint)
       ORDER BY id DESC
       LIMIT $5`,
      [organisationId, filter.entityType ?? null, filter.entityId ?? null, beforeId ?? null, limit + 1],
    );
  }
}
