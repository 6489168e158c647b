import { recordAudit } from '@project/platform';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { hashPassword } from './passwords';

/**
 * Creates the first organisation and its admin on an empty database. Outside production a missing
 * password is generated and returned once so it can be printed; production refuses earlier (config).
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  options: { email?: string; password?: string; organisationName: string },
): Promise<{ created: boolean; email?: string; generatedPassword?: string }> {
  // With ADMIN_EMAIL, that account is created if missing; without, any existing admin will do.
  const existing = options.email
    ? await dataSource.query(`SELECT 1 FROM app_user WHERE email = $1`, [options.email.toLowerCase()])
    : await dataSource.query(`SELECT 1 FROM app_user WHERE 'admin' = ANY(roles) LIMIT 1`);
  if (existing.length > 0) return { created: false };
  const email = (options.email ?? 'admin@localhost.localdomain').toLowerCase();
  const generatedPassword = options.password ? undefined : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(options.password ?? generatedPassword!);
  await dataSource.transaction(async (manager) => {
    const org = await manager.query(`SELECT id FROM organisation ORDER BY created_at LIMIT 1`);
    const organisationId =
      org[0]?.id ??
      (
        await manager.query(`INSERT INTO organisation (name, kind, manages_catalogue) VALUES ($1, 'training_centre', true) RETURNING id`, [
          options.organisationName,
        ])
      )[0].id;
    const user = await manager.query(
      `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles) VALUES ($1, $2, $3, 'Administrator', '{admin}')
       ON CONFLICT (organisation_id, email) DO NOTHING RETURNING id`,
      [organisationId, email, passwordHash],
    );
    if (user[0]) {
      await recordAudit(
        manager,
        { organisationId, userId: null },
        { action: 'user.created', entityType: 'user', entityId: user[0].id, after: { email, roles: ['admin'], by: 'start-up' } },
      );
    }
  });
  return { created: true, email, generatedPassword };
}
