import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, DomainErrorCode } from '@project/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { ChoreRunner, ChoresModule } from '../chores/chore-runner';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { requestHash } from './canonical-json';
import { IDEMPOTENCY_KEY_HEADER, IdempotentRequest } from './idempotency-key.decorator';

/**
 * Runs a write at most once per (organisation, Idempotency-Key).
 *
 * The key row is inserted first, inside the write's own transaction: a concurrent request with the
 * same key blocks on the primary key until the first one commits, then finds the stored response and
 * replays it (or rolls back, and then runs the write itself). So even many parallel duplicates
 * produce one write and the same answer, without a "try again later". A failed write stores nothing:
 * its key can be retried. The response is stored as JSON, so `work` must return a plain JSON value.
 */
const IDEMPOTENCY_PURGE = 'idempotency_purge';
const IDEMPOTENCY_PURGE_PERIOD_SECONDS = 3600;

@Injectable()
export class IdempotencyService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly chores: ChoreRunner,
  ) {}

  /** Keys are kept IDEMPOTENCY_KEY_TTL_HOURS (a client retrying later than that sends a new request). */
  onApplicationBootstrap(): void {
    this.chores.schedule(IDEMPOTENCY_PURGE, IDEMPOTENCY_PURGE_PERIOD_SECONDS, (manager) => this.purgeExpired(manager));
  }

  /** The hourly purge, unless another instance already ran it this hour; answers whether it ran here. */
  purgeOncePerPeriod(): Promise<boolean> {
    return this.chores.runOncePerPeriod(IDEMPOTENCY_PURGE, IDEMPOTENCY_PURGE_PERIOD_SECONDS, (manager) => this.purgeExpired(manager));
  }

  async purgeExpired(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [, deleted] = await manager.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [
      this.config.idempotencyKeyTtlHours,
    ]);
    return deleted;
  }

  async execute<T>(
    auth: Pick<AuthContext, 'organisationId'>,
    request: IdempotentRequest | undefined,
    work: (manager: EntityManager) => Promise<T>,
    successStatus = 201,
  ): Promise<T> {
    if (!request) return this.dataSource.transaction(work);
    const hash = requestHash(request.method, request.path, request.body);
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_key (organisation_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id, key) DO NOTHING RETURNING key`,
        [auth.organisationId, request.key, `${request.method.toUpperCase()} ${request.path}`, hash],
      );
      if (claimed.length === 0) return this.replay<T>(manager, auth.organisationId, request.key, hash);
      const result = await work(manager);
      await manager.query(
        `UPDATE idempotency_key SET response_status = $3, response_body = $4::jsonb WHERE organisation_id = $1 AND key = $2`,
        [auth.organisationId, request.key, successStatus, JSON.stringify(result ?? null)],
      );
      return result;
    });
  }

  private async replay<T>(manager: EntityManager, organisationId: string, key: string, hash: string): Promise<T> {
    const rows: { request_hash: string; response_status: number | null; response_body: T }[] = await manager.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_key WHERE organisation_id = $1 AND key = $2`,
      [organisationId, key],
    );
    const stored = rows[0];
    if (stored && stored.request_hash !== hash) {
      throw new DomainError(
        DomainErrorCode.IdempotencyKeyReused,
        `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request`,
        {
          errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'already used with another method, path or body' }],
        },
      );
    }
    // Only reachable if the row vanished or was written without a response (never by execute()).
    if (!stored || stored.response_status === null) {
      throw new DomainError(DomainErrorCode.Conflict, `A request with this ${IDEMPOTENCY_KEY_HEADER} is still in progress`);
    }
    return stored.response_body;
  }
}

/** Import it in a feature module to inject IdempotencyService. */
@Module({ imports: [ChoresModule], providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
