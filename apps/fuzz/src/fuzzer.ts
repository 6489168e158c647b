import { TEST_PASSWORD, TestApp, UserAccountSnapshot, restoreUserAccount, snapshotUserAccounts } from '@project/testing';
import fc from 'fast-check';
import { Client, ErrorCollector } from './client';
import { FuzzOperation, OpenApiDocument } from './openapi';
import { Finding, Oracle, Received, SentRequest } from './oracle';
import { Draft, draftArbitrary, headerSafe, urlOf } from './requests';
import { Recipe, recipes } from './recipes';
import { Seed, openJurySession } from './seed';

export interface FuzzOptions {
  seed: number;
  /** Requests drawn at a time for one operation, before moving to the next (round-robin). */
  batch: number;
  requestTimeoutMs: number;
}

export interface Violation extends Finding {
  operation: string;
  status: number | 'timeout';
  request: SentRequest;
  index: number;
}

export interface OperationStats {
  requests: number;
  /** Time spent answering them, in milliseconds. */
  ms: number;
  statuses: Map<number | 'timeout', number>;
  violations: number;
  /** 400 answers to requests the document allows: validation stricter than the document says (not failing). */
  refusedAllowed: number;
  refusedAllowedExample?: { request: SentRequest; detail: string };
}

/** Resource pools fed by what the fuzzer itself creates. */
const CREATED_POOL: Record<string, string> = {
  'POST /api/users': 'user',
  'POST /api/learners': 'learner',
  'POST /api/cohorts': 'cohort',
  'POST /api/learners/{id}/enrolments': 'enrolment',
  'POST /api/evaluations': 'evaluation',
  'POST /api/jury-sessions': 'jurySession',
  'POST /api/jury-sessions/{id}/decisions': 'decision',
};

/** Sends drawn requests operation after operation until the deadline, judging each answer. */
export class Fuzzer {
  readonly stats = new Map<string, OperationStats>();
  readonly violations: Violation[] = [];
  readonly slowest: { ms: number; operation: string; status: number; mutation: string }[] = [];
  requests = 0;
  private readonly snapshots = new Map<string, UserAccountSnapshot>();
  private readonly arbitraries = new Map<string, fc.Arbitrary<Draft>>();
  /** Ids the other organisation's admin created itself: its own, not a leak. */
  private readonly otherOrganisationIds = new Set<string>();
  private readonly recipes: Record<string, fc.Arbitrary<Recipe>>;

  constructor(
    private readonly document: OpenApiDocument,
    private readonly operations: FuzzOperation[],
    private readonly oracle: Oracle,
    private readonly client: Client,
    private readonly t: TestApp,
    private readonly seed: Seed,
    private readonly errors: ErrorCollector,
    private readonly options: FuzzOptions,
  ) {
    this.recipes = recipes(seed.facts, seed.pools);
    for (const op of operations) this.stats.set(op.key, { requests: 0, ms: 0, statuses: new Map(), violations: 0, refusedAllowed: 0 });
  }

  async run(deadline: number): Promise<void> {
    await this.snapshotCallers();
    for (let round = 0; Date.now() < deadline; round++) {
      for (const [i, op] of this.operations.entries()) {
        if (Date.now() >= deadline) return;
        let arbitrary = this.arbitraries.get(op.key);
        if (!arbitrary) {
          arbitrary = draftArbitrary(this.document, op, this.seed.pools, this.seed.callers.length, this.recipes[op.key]);
          this.arbitraries.set(op.key, arbitrary);
        }
        const drafts = fc.sample(arbitrary, { seed: (this.options.seed + round * 7919 + i * 104729) | 0, numRuns: this.options.batch });
        for (const draft of drafts) {
          if (Date.now() >= deadline) return;
          await this.exercise(op, draft);
          if (++this.requests % 100 === 0) await this.ensureCallers();
        }
      }
    }
  }

  private request(op: FuzzOperation, draft: Draft): SentRequest {
    const caller = this.seed.callers[draft.callerIndex];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(draft.headers)) headers[name] = headerSafe(value);
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    else if (caller.name === 'bad token') headers.authorization = draft.badAuthorization;
    if (draft.body?.contentType) headers['content-type'] = draft.body.contentType;
    return {
      method: op.method,
      url: urlOf(op, draft),
      headers,
      payload: draft.body?.payload,
      caller: caller.name,
      mutation: draft.body?.mutation ?? 'no body',
      query: draft.query,
      // Sent as UTF-8: a lone surrogate arrives as U+FFFD.
      pathParams: Object.fromEntries(
        Object.entries(draft.path).map(([name, value]) => [name, Buffer.from(value, 'utf8').toString('utf8')]),
      ),
    };
  }

  private async exercise(op: FuzzOperation, draft: Draft): Promise<void> {
    const request = this.request(op, draft);
    const refusal = this.oracle.requestRefusal(op, request);
    const stats = this.stats.get(op.key)!;
    stats.requests++;
    const response = await this.client.send(request, this.options.requestTimeoutMs).catch((error: Error) => error);
    if (response === 'timeout' || response instanceof Error) {
      const why = response === 'timeout' ? `no answer within ${this.options.requestTimeoutMs} ms` : `connection error: ${response.message}`;
      stats.statuses.set('timeout', (stats.statuses.get('timeout') ?? 0) + 1);
      this.record(op, request, 'timeout', [{ rule: 'no answer', why }]);
      return;
    }
    stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
    stats.ms += response.ms;
    this.noteDuration(op, request, response);
    const findings = this.oracle.check(op, request, response, refusal);
    const foreign = this.foreignIds(op, draft);
    if (foreign.length > 0 && response.status >= 200 && response.status < 300) {
      findings.push({
        rule: 'cross-organisation access',
        why: `${response.status} to the other organisation's admin on ${foreign.join(', ')}`,
      });
    }
    const logged = this.errors.take();
    if (logged && response.status >= 500) for (const finding of findings) finding.why += ` — logged: ${logged}`;
    this.record(op, request, response.status, findings);
    if (response.status === 400 && !refusal) {
      stats.refusedAllowed++;
      stats.refusedAllowedExample ??= { request, detail: response.raw.toString('utf8').slice(0, 400) };
    }
    if (response.status >= 200 && response.status < 300) {
      // A repair that fails (the fuzzer changed what it relies on in another way) must not end the run.
      await this.learn(op, draft, response).catch((error: Error) => console.warn(`fuzz: after ${op.key}: ${error.message.slice(0, 300)}`));
    }
  }

  /**
   * The seeded organisation's ids in the path when the caller is the other organisation's admin: any 2xx on them
   * is a leak. Certification codes are left out (the catalogue is shared), and so is that admin's own user id.
   */
  private foreignIds(op: FuzzOperation, draft: Draft): string[] {
    const caller = this.seed.callers[draft.callerIndex];
    if (caller.name !== 'other admin') return [];
    return Object.entries(draft.path)
      .filter(
        ([name, value]) =>
          name !== 'code' &&
          value !== caller.userId &&
          !this.otherOrganisationIds.has(value) &&
          (this.seed.pools.anyId ?? []).includes(value),
      )
      .map(([name, value]) => `${name}=${value}`);
  }

  private record(op: FuzzOperation, request: SentRequest, status: number | 'timeout', findings: Finding[]): void {
    for (const finding of findings) {
      this.violations.push({ ...finding, operation: op.key, status, request, index: this.requests });
      this.stats.get(op.key)!.violations++;
    }
  }

  private noteDuration(op: FuzzOperation, request: SentRequest, response: Received): void {
    this.slowest.push({ ms: response.ms, operation: op.key, status: response.status, mutation: request.mutation });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, 5);
  }

  /** Feeds pools with what was created, and undoes what would stop the fuzzer from exercising a role. */
  private async learn(op: FuzzOperation, draft: Draft, response: Received): Promise<void> {
    let body: any;
    try {
      body = JSON.parse(response.raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const pool = CREATED_POOL[op.key];
    if (body && typeof body.id === 'string' && this.seed.callers[draft.callerIndex].name === 'other admin')
      this.otherOrganisationIds.add(body.id);
    if (pool && body && typeof body.id === 'string') {
      (this.seed.pools[pool] ??= []).push(body.id);
      (this.seed.pools.anyId ??= []).push(body.id);
    }
    if (op.key === 'POST /api/evaluations/collective' && Array.isArray(body?.items)) {
      for (const item of body.items) if (typeof item?.id === 'string') (this.seed.pools.evaluation ??= []).push(item.id);
    }
    if (body && typeof body.nextCursor === 'string') (this.seed.pools.cursor ??= []).push(body.nextCursor);
    if (body && typeof body.refreshToken === 'string') (this.seed.pools.refreshToken ??= []).push(body.refreshToken);

    // Kept in, then repaired: a caller's account changed by PATCH /users/{id} or its password set.
    if (op.path === '/api/users/{id}' || op.path === '/api/users/{id}/password') {
      const target = this.seed.callers.find((c) => c.userId === draft.path.id);
      if (target) await this.restoreCaller(target.userId!);
    }
    // Kept in, then repaired: a seeded trainer removed from its cohort is assigned again.
    if (op.key === 'DELETE /api/cohorts/{id}/trainers/{userId}') {
      const assignment = this.seed.assignments.find((a) => a.cohortId === draft.path.id && a.userId === draft.path.userId);
      if (assignment) await this.reassign(assignment);
    }
    // Kept in, then repaired: closing the jury member's open session opens a new one (the closed one stays in the pool).
    if (op.key === 'POST /api/jury-sessions/{id}/close' && draft.path.id === this.seed.openSessionId) {
      this.seed.openSessionId = await openJurySession(this.client, this.seed.callers[0].token!, this.seed.juryUserId, this.seed.pools);
    }
  }

  private async reassign(assignment: { cohortId: string; userId: string }): Promise<void> {
    await this.client.json(
      'POST',
      `/api/cohorts/${assignment.cohortId}/trainers`,
      this.seed.callers[0].token,
      { userId: assignment.userId },
      // 422: the user is no longer a trainer (the fuzzer changed its roles); only callers get their roles back.
      [201, 409, 422],
    );
  }

  private async snapshotCallers(): Promise<void> {
    const ids = this.seed.callers.map((c) => c.userId).filter((id): id is string => id !== undefined);
    for (const account of await snapshotUserAccounts(this.t, ids)) this.snapshots.set(account.id, account);
  }

  /**
   * Puts a caller's account back as seeded (roles, learner link, password, active) — the fuzzer may
   * legitimately demote or deactivate it — then signs it in again and restores its cohorts.
   */
  private async restoreCaller(userId: string): Promise<void> {
    const account = this.snapshots.get(userId);
    const caller = this.seed.callers.find((c) => c.userId === userId);
    if (!account || !caller?.email) return;
    await restoreUserAccount(this.t, account);
    const login = await this.client.json(
      'POST',
      '/api/auth/login',
      undefined,
      { email: caller.email, password: caller.password ?? TEST_PASSWORD, organisationId: caller.organisationId },
      [200, 401, 429],
    );
    if (login?.accessToken) caller.token = login.accessToken;
    for (const assignment of this.seed.assignments.filter((a) => a.userId === userId)) await this.reassign(assignment);
  }

  /** Every hundred requests: a caller whose token stopped working (revoked, demoted…) is repaired. */
  private async ensureCallers(): Promise<void> {
    for (const caller of this.seed.callers) {
      if (!caller.token || !caller.userId) continue;
      const me = await this.client
        .send(
          {
            method: 'GET',
            url: '/api/auth/me',
            headers: { authorization: `Bearer ${caller.token}` },
            caller: caller.name,
            mutation: '',
            query: [],
          },
          10_000,
        )
        .catch(() => 'timeout' as const);
      if (me !== 'timeout' && me.status === 401) {
        await this.restoreCaller(caller.userId).catch((error: Error) =>
          console.warn(`fuzz: could not restore ${caller.name}: ${error.message.slice(0, 300)}`),
        );
      }
    }
  }
}
