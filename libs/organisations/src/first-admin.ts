import { hashPassword, insertAccount } from '@project/auth';
import { recordAudit } from '@project/platform';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';

/**
 * Creates the first organisation and its admin on an empty database. Outside production a missing
 * password is generated and returned once so it can be printed; production refuses earlier (config).
 * The first organisation is the operator's (manages_catalogue): it certifies every certification present when it is
 * created (the seeds), so a single-organisation install enrols in them as before networks existed.
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
    let organisationId: string = org[0]?.id;
    if (!organisationId) {
      organisationId = (
        await manager.query(`INSERT INTO organisation (name, kind, manages_catalogue) VALUES ($1, 'training_centre', true) RETURNING id`, [
          options.organisationName,
        ])
      )[0].id;
      await manager.query(`INSERT INTO certification_certifier (certification_code, organisation_id) SELECT code, $1 FROM certification`, [
        organisationId,
      ]);
    }
    const taken = await manager.query(`SELECT 1 FROM app_user WHERE organisation_id = $1 AND email = $2`, [organisationId, email]);
    if (taken.length > 0) return;
    const user = await insertAccount(manager, {
      organisationId,
      email,
      passwordHash,
      displayName: 'Administrator',
      roles: ['admin'],
      learnerId: null,
    });
    await recordAudit(
      manager,
      { organisationId, userId: null },
      { action: 'user.created', entityType: 'user', entityId: user.id, after: { email, roles: ['admin'], by: 'start-up' } },
    );
  });
  return { created: true, email, generatedPassword };
}
