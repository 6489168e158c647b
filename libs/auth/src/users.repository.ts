import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Role } from '@project/domain';
import { DataSource, EntityManager } from 'typeorm';

export interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  password_hash: string;
  display_name: string;
  roles: Role[];
  learner_id: string | null;
  created_at: Date;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT * FROM app_user WHERE email = $1`, [email.toLowerCase()]);
    return rows[0];
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT * FROM app_user WHERE id = $1`, [id]);
    return rows[0];
  }

  async listForOrganisation(organisationId: string, limit: number, after?: string): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT * FROM app_user WHERE organisation_id = $1 AND ($2::text IS NULL OR email > $2) ORDER BY email LIMIT $3`,
      [organisationId, after ?? null, limit + 1],
    );
  }

  async learnerBelongsTo(manager: EntityManager, learnerId: string, organisationId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM learner WHERE id = $1 AND organisation_id = $2`, [learnerId, organisationId]);
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    user: { organisationId: string; email: string; passwordHash: string; displayName: string; roles: Role[]; learnerId: string | null },
  ): Promise<UserRow> {
    const rows: UserRow[] = await manager.query(
      `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles, learner_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [user.organisationId, user.email.toLowerCase(), user.passwordHash, user.displayName, user.roles, user.learnerId],
    );
    return rows[0];
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async storeRefreshToken(userId: string, familyId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [userId, familyId, tokenHash, expiresAt],
    );
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
      await this.dataSource.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [known[0].family_id]);
      return { outcome: 'reused' };
    }
    return { outcome: 'invalid' };
  }
}
