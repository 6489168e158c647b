import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '@project/api/app.factory';
import { hashPassword } from '@project/auth';
import { Role } from '@project/domain';
import { AppConfig, loadConfig } from '@project/platform';
import { Pool } from 'pg';
import request from 'supertest';
import { createDatabaseFromTemplate } from './test-database';
import { TEST_ADMIN, TEST_PASSWORD } from './test-constants';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  organisationId: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** A supertest client bound to the app. */
  http: () => ReturnType<typeof request>;
  /** Direct access to this file's own database, for arranging data and counting rows. */
  db: Pool;
  admin: TestUser;
  config: AppConfig;
  /** Another API instance on this same database (as behind a load balancer); closed with the first. */
  startInstance(overrides?: Partial<AppConfig>): Promise<{ app: NestFastifyApplication; http: () => ReturnType<typeof request> }>;
  login(email: string, password?: string, organisationId?: string): Promise<string>;
  createUser(roles: Role[], options?: { organisationId?: string; learnerId?: string; email?: string }): Promise<TestUser>;
  /**
   * Another organisation with its admin: by default a partner centre of the first organisation's network, authorised
   * (open-ended, from 2000) for every certification the first organisation certifies, so it enrols as the first one does.
   */
  createOrganisation(name?: string, options?: { habilitated?: boolean }): Promise<{ id: string; admin: TestUser }>;
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

let passwordHash: Promise<string> | undefined;
let sequence = 0;

/** Boots the real application on a private copy of the template database. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!serverUrl || !template) throw new Error('The test database is not set up: run through jest (globalSetup).');
  const database = await createDatabaseFromTemplate(serverUrl, template);
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-test-secret-test-secret-42' }),
    loginThrottlePerMinute: 10_000,
    loginThrottlePerAddressPerMinute: 10_000,
    verifyThrottlePerMinute: 10_000,
    ...overrides,
  };
  const instances: NestFastifyApplication[] = [];
  const startInstance: TestApp['startInstance'] = async (instanceOverrides = {}) => {
    const instance = await createApp({ ...config, ...instanceOverrides }, database.url);
    await instance.init();
    await instance.getHttpAdapter().getInstance().ready();
    instances.push(instance);
    return { app: instance, http: () => request(instance.getHttpServer()) };
  };
  const { app } = await startInstance();
  const db = new Pool({ connectionString: database.url, max: 4 });
  const http = () => request(app.getHttpServer());

  const login = async (email: string, password = TEST_PASSWORD, organisationId?: string): Promise<string> => {
    const response = await http().post('/api/auth/login').send({ email, password, organisationId });
    if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken;
  };
  const adminRow = (await db.query(`SELECT id, organisation_id FROM app_user WHERE email = $1`, [TEST_ADMIN.email])).rows[0];
  const admin: TestUser = {
    id: adminRow.id,
    email: TEST_ADMIN.email,
    organisationId: adminRow.organisation_id,
    token: await login(TEST_ADMIN.email, TEST_ADMIN.password),
  };

  const createUser: TestApp['createUser'] = async (roles, options = {}) => {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const email = options.email ?? `user${process.pid}-${++sequence}-${roles.join('-')}@centre-test.fr`;
    const organisationId = options.organisationId ?? admin.organisationId;
    const { rows } = await db.query(
      `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles, learner_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organisationId, email, await passwordHash, email.split('@')[0], roles, options.learnerId ?? null],
    );
    return { id: rows[0].id, email, organisationId, token: await login(email, TEST_PASSWORD, organisationId) };
  };

  return {
    app,
    http,
    db,
    admin,
    config,
    startInstance,
    login,
    createUser,
    async createOrganisation(name = `Autre centre ${++sequence}`, options = {}) {
      const { rows } = await db.query(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [name]);
      if (options.habilitated !== false) {
        await db.query(
          `INSERT INTO habilitation (certification_code, certifier_id, training_centre_id, valid_from)
           SELECT certification_code, organisation_id, $1, '2000-01-01' FROM certification_certifier WHERE organisation_id = $2`,
          [rows[0].id, admin.organisationId],
        );
      }
      const otherAdmin = await createUser(['admin'], { organisationId: rows[0].id });
      return { id: rows[0].id, admin: otherAdmin };
    },
    async count(table, where = 'true', params = []) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
      return rows[0].n;
    },
    async close() {
      for (const instance of instances) await instance.close();
      await db.end();
      // The server is thrown away after the run: a database that cannot be dropped now is only a warning.
      await database.drop().catch((error: Error) => console.warn(`could not drop the test database: ${error.message}`));
    },
  };
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
