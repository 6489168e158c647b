import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { Role } from '@project/domain';
import { EntityManager } from 'typeorm';
import { NewAccount, insertAccount } from './accounts';
import { USER_COLUMNS, UserRow } from './rows';

export { UserRow } from './rows';

/** What each authenticated request checks its token against (see AccessRevisions). */
export interface AccessState {
  revision: number;
  active: boolean;
}

@Injectable()
export class UsersRepository extends SqlRepository {
  /** The accounts with this email, one per organisation at most (oldest first); `organisationId` narrows to one. */
  async findByEmail(email: string, organisationId?: string): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE email = $1 AND ($2::uuid IS NULL OR organisation_id = $2) ORDER BY created_at, id`,
      [email.toLowerCase(), organisationId ?? null],
    );
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return rows[0];
  }

  /** The organisation's user, locked for an update when `lock` (admins changing one account queue up). */
  async findInOrganisation(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<UserRow | undefined> {
    const rows: UserRow[] = await manager.query(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1 AND organisation_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, organisationId],
    );
    return rows[0];
  }

  /**
   * Serialises changes to the organisation's admins: two admins demoting each other at the same time
   * must not both see the other as the remaining admin.
   */
  async lockOrganisationAdmins(manager: EntityManager, organisationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('organisation_admins:' || $1::text, 0))`, [organisationId]);
  }

  /** Active admins of the organisation other than `exceptUserId`. */
  async countOtherActiveAdmins(manager: EntityManager, organisationId: string, exceptUserId: string): Promise<number> {
    const rows = await manager.query(
      `SELECT count(*)::int AS n FROM app_user
       WHERE organisation_id = $1 AND id <> $2 AND 'admin' = ANY(roles) AND deactivated_at IS NULL`,
      [organisationId, exceptUserId],
    );
    return rows[0].n;
  }

  async update(
    manager: EntityManager,
    id: string,
    fields: { displayName: string; roles: Role[]; learnerId: string | null; active: boolean },
  ): Promise<UserRow> {
    // Deactivating keeps the first instant; reactivating clears it. A change of rights bumps the revision
    // (the right-hand sides read the row as it was).
    const [rows] = (await manager.query(
      `UPDATE app_user SET display_name = $2, roles = $3, learner_id = $4,
              deactivated_at = CASE WHEN $5::boolean THEN NULL ELSE coalesce(deactivated_at, now()) END,
              access_revision = access_revision +
                CASE WHEN roles IS DISTINCT FROM $3::text[] OR learner_id IS DISTINCT FROM $4::uuid
                       OR (deactivated_at IS NULL) <> $5::boolean THEN 1 ELSE 0 END
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, fields.displayName, fields.roles, fields.learnerId, fields.active],
    )) as [UserRow[], number];
    return rows[0];
  }

  async updatePasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    // Sessions opened with the old password end: their access tokens too.
    await manager.query(`UPDATE app_user SET password_hash = $2, access_revision = access_revision + 1 WHERE id = $1`, [id, passwordHash]);
  }

  async findAccessState(id: string): Promise<AccessState | undefined> {
    const rows: AccessState[] = await this.dataSource.query(
      `SELECT u.access_revision AS revision, u.deactivated_at IS NULL AND o.deactivated_at IS NULL AS active
       FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Every refresh token of the user still usable is revoked: no new access token can come from them. */
  async revokeRefreshTokens(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  /** Every token of the login the given token comes from is revoked (sign-out). */
  async revokeRefreshTokenFamily(tokenHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [tokenHash],
    );
  }

  async listForOrganisation(organisationId: string, limit: number, after?: string): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM app_user WHERE organisation_id = $1 AND ($2::text IS NULL OR email > $2) ORDER BY email LIMIT $3`,
      [organisationId, after ?? null, limit + 1],
    );
  }

  async learnerBelongsTo(manager: EntityManager, learnerId: string, organisationId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM learner WHERE id = $1 AND organisation_id = $2`, [learnerId, organisationId]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, user: NewAccount): Promise<UserRow> {
    return insertAccount(manager, user);
  }

  /**
   * Stores a refresh token for an active user of an active organisation only, answering whether it did. FOR SHARE waits for a
   * deactivation in progress, so no token is stored after that deactivation revoked the others.
   */
  async storeRefreshToken(userId: string, familyId: string, tokenHash: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
       SELECT u.id, $2, $3, $4 FROM app_user u JOIN organisation o ON o.id = u.organisation_id
       WHERE u.id = $1 AND u.deactivated_at IS NULL AND o.deactivated_at IS NULL FOR SHARE OF u
       RETURNING id`,
      [userId, familyId, tokenHash, expiresAt],
    );
    return rows.length > 0;
  }

  /** Marks a refresh token used, atomically: only one caller can ever consume a given token. */
  async consumeRefreshToken(tokenHash: string): Promise<{ outcome: 'ok' | 'reused' | 'invalid'; userId?: string; familyId?: string }> {
    // TypeORM answers UPDATE … RETURNING with [rows, affectedCount].
    const [used] = await this.dataSource.query(
      `UPDATE refresh_token SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING user_id, family_id`,
      [tokenHash],
    );
    const row = used[0];
    if (row) return { outcome: 'ok', userId: row.user_id, familyId: row.family_id };
    const known = await this.dataSource.query(`SELECT family_id, used_at FROM refresh_token WHERE token_hash = $1`, [tokenHash]);
    if (known[0]?.used_at) {
      // A used token presented again means it leaked: revoke the whole family.
      await this.dataSource.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
        known[0].family_id,
      ]);
      return { outcome: 'reused' };
    }
    return { outcome: 'invalid' };
  }
}
