import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@project/platform';
import { Pool } from 'pg';

/*
 * The API as operators run it: a child process built from the sources, with its own embedded PostgreSQL
 * in a temporary data folder. The scenarios share that folder and run in order (each start after the
 * first skips initdb and migrations).
 */

const ROOT = resolve(__dirname, '../../..');
const ADMIN = { email: 'ops-admin@centre-test.fr', password: 'Tq8#vLm2!pWz9xRk-ops' };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface ApiProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let buildDir: string;
let dataDir: string;
let pgPort: number;

async function spawnApi(): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(buildDir, 'apps/api/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      DATABASE_URL: '',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'process-test-secret-process-test-secret',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function startApi(): Promise<ApiProcess> {
  const api = await spawnApi();
  let exited = false;
  void api.exited.then(() => (exited = true));
  for (let i = 0; i < 600 && !exited; i++) {
    const ready = await fetch(`${api.base}/api/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return api;
    await sleep(100);
  }
  throw new Error(`The API did not become ready:\n${api.output()}`);
}

const postmasterPid = () => Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function login(api: ApiProcess): Promise<string> {
  const response = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

let sequence = 0;
const learnerBody = () => {
  const n = ++sequence;
  return JSON.stringify({ firstName: 'Camille', lastName: `Charge${n}`, email: `charge-${n}-${process.pid}@centre-test.fr` });
};

describe('the API process', () => {
  let api: ApiProcess | undefined;
  const acknowledged: string[] = [];
  const acknowledgedWhileDraining: string[] = [];

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), 'ct-api-build-'));
    // The build resolves its packages (and the PostgreSQL binaries) through this link.
    symlinkSync(join(ROOT, 'node_modules'), join(buildDir, 'node_modules'));
    execFileSync(
      join(ROOT, 'node_modules/.bin/swc'),
      ['apps', 'libs', 'migrations', '-d', buildDir, '--config-file', '.swcrc', '--copy-files', '--quiet'],
      {
        cwd: ROOT,
      },
    );
    dataDir = mkdtempSync(join(tmpdir(), 'ct-api-data-'));
    chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    api = await startApi();
  });

  afterAll(async () => {
    if (api && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await api.exited;
    }
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers liveness without the database and readiness with it', async () => {
    const live = await fetch(`${api!.base}/api/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`${api!.base}/api/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ok', database: 'up' } });
  });

  it('refuses a second API on the same data folder, saying the folder is in use', async () => {
    const second = await spawnApi();
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(/data folder .* is in use by another API process \(pid \d+/);
    expect(second.output()).not.toMatch(/undefined/);
  });

  it('answers 503 with Retry-After while its PostgreSQL is killed under write load, restarts it and loses no acknowledged write', async () => {
    const token = await login(api!);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let refusedAfterKill = 0;
    let acceptedAfterRefusal = 0;
    let killed = false;
    const deadline = Date.now() + 30_000;
    const writer = async () => {
      while (Date.now() < deadline && acceptedAfterRefusal < 30) {
        try {
          const response = await fetch(`${api!.base}/api/learners`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: learnerBody(),
          });
          const body = (await response.json()) as { id?: string; code?: string };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 201) {
            acknowledged.push(body.id!);
            if (refusedAfterKill > 0) acceptedAfterRefusal++;
          } else if (response.status === 503) {
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
            expect(body.code).toBe('database_unavailable');
            if (killed) refusedAfterKill++;
          } else failures.push(`${response.status} ${JSON.stringify(body)}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    // Meanwhile a load balancer probes: liveness stays up, readiness goes down and up again.
    const probes: string[] = [];
    let writing = true;
    const prober = async () => {
      while (writing) {
        const [live, ready] = await Promise.all([fetch(`${api!.base}/api/health/live`), fetch(`${api!.base}/api/health/ready`)]);
        probes.push(
          `live ${live.status}, ready ${ready.status}${ready.status === 503 ? ` retry-after ${ready.headers.get('retry-after')} ${((await ready.json()) as { code?: string }).code}` : ''}`,
        );
        await sleep(20);
      }
    };
    const probing = prober();
    const writers = Array.from({ length: 6 }, writer);
    while (acknowledged.length < 20) await sleep(20);
    const pid = postmasterPid();
    process.kill(pid, 'SIGKILL');
    killed = true;
    await Promise.all(writers);
    writing = false;
    await probing;

    // On failure, the API's error lines say why.
    const errorLines = () =>
      api!
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":50'));
    expect({ failures, errorLines: failures.length > 0 ? errorLines().slice(0, 3) : [] }).toEqual({ failures: [], errorLines: [] });
    expect(refusedAfterKill).toBeGreaterThan(0);
    expect(acceptedAfterRefusal).toBeGreaterThanOrEqual(30);
    expect(postmasterPid()).not.toBe(pid);
    expect(new Set(probes)).toEqual(new Set(['live 200, ready 200', 'live 200, ready 503 retry-after 2 database_unavailable']));
    expect(probes.at(-1)).toBe('live 200, ready 200');
    // One warning for the incident and one recovery line, not a stack trace per request.
    expect(api!.output().match(/Database unavailable/g)).toHaveLength(1);
    expect(api!.output()).toMatch(/Database available again/);
    expect(api!.output()).not.toMatch(/Internal Server Error|\n\s+at /);

    const pool = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/competencies`, max: 1 });
    try {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM learner WHERE id = ANY($1::uuid[])', [acknowledged]);
      expect(Number(rows[0].n)).toBe(acknowledged.length);
    } finally {
      await pool.end();
    }
  });

  it('after kill -9 of the API, the next start stops the orphaned PostgreSQL and serves the same data', async () => {
    const orphan = postmasterPid();
    api!.child.kill('SIGKILL');
    await api!.exited;
    expect(isAlive(orphan)).toBe(true);

    api = await startApi();
    expect(api.output()).toMatch(/PostgreSQL \(pid \d+\) left running by an API process that was killed/);
    expect(isAlive(orphan)).toBe(false);
    const token = await login(api);
    const response = await fetch(`${api.base}/api/learners/${acknowledged[0]}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });

  it('on SIGTERM finishes the in-flight requests (with Connection: close), then stops its PostgreSQL and exits 0', async () => {
    const token = await login(api!);
    const { port } = new URL(api!.base);
    const agent = new Agent({ keepAlive: true });
    // Requests whose headers and half their body are sent before the signal: in flight for sure.
    const inFlight = Array.from({ length: 8 }, () => {
      const body = Buffer.from(learnerBody());
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/learners',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
      });
      const answered = new Promise<{ status: number; connection: string | undefined; body: string }>((done, fail) => {
        req.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done({ status: response.statusCode!, connection: response.headers.connection, body: text }));
        });
        req.on('error', fail);
      });
      req.write(body.subarray(0, 10));
      return { req, rest: body.subarray(10), answered };
    });
    await sleep(300);
    const pid = postmasterPid();
    api!.child.kill('SIGTERM');
    await sleep(300);
    for (const { req, rest } of inFlight) req.end(rest);

    const answers = await Promise.all(inFlight.map(({ answered }) => answered));
    expect(answers.map(({ status, connection }) => ({ status, connection }))).toEqual(
      inFlight.map(() => ({ status: 201, connection: 'close' })),
    );
    const { code } = await api!.exited;
    agent.destroy();
    expect(code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(api!.output()).not.toMatch(/more than once/);
    acknowledgedWhileDraining.push(...answers.map(({ body }) => (JSON.parse(body) as { id: string }).id));
  });

  it('on SIGTERM with its PostgreSQL just killed, exits 0 at once instead of waiting for it', async () => {
    api = await startApi();
    // First: what was acknowledged while draining is there.
    const token = await login(api);
    for (const id of acknowledgedWhileDraining) {
      expect((await fetch(`${api.base}/api/learners/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    process.kill(postmasterPid(), 'SIGKILL');
    await sleep(100);
    const signalled = Date.now();
    api.child.kill('SIGTERM');
    const { code } = await api.exited;
    expect(code).toBe(0);
    // The old exit hook waited 10 s for a server that was already gone.
    expect(Date.now() - signalled).toBeLessThan(5_000);
  });
});
