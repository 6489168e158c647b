import { EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';

/** An audit_event row (this library owns the table: recordAudit writes it, the audit library reads it). */
export interface AuditEventRow {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Appends to the audit trail inside the caller's transaction, so the trail and the write
 * commit or roll back together. The table refuses UPDATE and DELETE at the database level.
 */
export async function recordAudit(
  manager: EntityManager,
  /** Who acted; null parts for the system (start-up, seeds). */
  actor: { userId: AuthContext['userId'] | null; organisationId: AuthContext['organisationId'] | null } | null,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await manager.query(
    `INSERT INTO audit_event (organisation_id, actor_user_id, action, entity_type, entity_id, before, after, reason)
     SELECT $1, $2, e.action, e.entity_type, e.entity_id, e.before, e.after, e.reason
     FROM jsonb_to_recordset($3::jsonb) AS e(action text, entity_type text, entity_id text, before jsonb, after jsonb, reason text)`,
    [
      actor?.organisationId ?? null,
      actor?.userId ?? null,
      JSON.stringify(
        list.map((entry) => ({
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          before: entry.before ?? null,
          after: entry.after ?? null,
          reason: entry.reason ?? null,
        })),
      ),
    ],
  );
}
