import { HttpStatus, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainErrorCode } from '@project/domain';
import { DataSource, EntityManager } from 'typeorm';
import { ChoreRunner, ChoresModule } from '../chores/chore-runner';
import { RetryLaterException } from '../http/problem-details.filter';

/** 429, rendered as problem+json with a Retry-After header (see ProblemDetailsFilter). */
export class TooManyRequestsException extends RetryLaterException {
  constructor(detail: string, retryAfterSeconds: number) {
    super({ message: detail, code: DomainErrorCode.TooManyRequests }, HttpStatus.TOO_MANY_REQUESTS, retryAfterSeconds);
  }
}

export interface ThrottleLimit {
  /** What is counted, e.g. `login:address:203.0.113.7`. */
  key: string;
  /** Most hits allowed per window. */
  limit: number;
}

/** The hits counted by one attempt; refund them when the attempt turns out legitimate. */
export interface ThrottleAttempt {
  refund(): Promise<void>;
}

const WINDOW_SECONDS = 60;
const THROTTLE_PURGE = 'throttle_purge';

/**
 * Counters kept in PostgreSQL (table throttle_hit), so a limit holds across every API instance on the
 * database: at most `limit` hits per key within a minute from its first hit. One statement counts an
 * attempt against all its keys atomically.
 */
@Injectable()
export class ThrottleService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chores: ChoreRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.chores.schedule(THROTTLE_PURGE, 3600, (manager) => this.purgeExpired(manager));
  }

  /** The hourly purge of windows over, unless another instance already ran it this hour; answers whether it ran here. */
  purgeOncePerPeriod(): Promise<boolean> {
    return this.chores.runOncePerPeriod(THROTTLE_PURGE, 3600, (manager) => this.purgeExpired(manager));
  }

  private purgeExpired(manager: EntityManager): Promise<unknown> {
    return manager.query(`DELETE FROM throttle_hit WHERE window_start < now() - make_interval(secs => $1)`, [WINDOW_SECONDS]);
  }

  /**
   * Counts one attempt against each limit; throws 429 when any is exceeded. `what`
   * names the attempts in the problem's detail ("login attempts").
   */
  async attempt(limits: ThrottleLimit[], what: string): Promise<ThrottleAttempt> {
    // Sorted keys: two attempts sharing keys lock their rows in the same order (no deadlock).
    const sorted = [...limits].sort((a, b) => a.key.localeCompare(b.key));
    // A window opens at a key's first hit and lasts WINDOW_SECONDS; the next hit after it opens a new one.
    // (SET reads the row as it was, so both CASEs see the old window.)
    const rows: { key: string; hits: number; window_start: string; retry_after: number }[] = await this.dataSource.query(
      `INSERT INTO throttle_hit AS t (key, window_start, hits)
       SELECT key, now(), 1 FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE t.hits + 1 END,
         window_start = CASE WHEN t.window_start <= now() - make_interval(secs => $2) THEN now() ELSE t.window_start END
       RETURNING key, hits, window_start::text AS window_start,
                 greatest(1, ceil(extract(epoch FROM t.window_start + make_interval(secs => $2) - now())))::int AS retry_after`,
      [sorted.map((limit) => limit.key), WINDOW_SECONDS],
    );
    const refund = async () => {
      await this.dataSource.query(
        // Only within the window the attempt was counted in (as text: a Date would lose the microseconds).
        `UPDATE throttle_hit t SET hits = t.hits - 1 FROM unnest($1::text[], $2::timestamptz[]) AS r(key, window_start)
         WHERE t.key = r.key AND t.window_start = r.window_start AND t.hits > 0`,
        [rows.map((row) => row.key), rows.map((row) => row.window_start)],
      );
    };
    const exceeded = rows.find((row) => row.hits > sorted.find((limit) => limit.key === row.key)!.limit);
    if (exceeded) {
      // A refused attempt is not counted: it tried nothing (and must not use up another key's allowance).
      await refund();
      throw new TooManyRequestsException(`Too many ${what}: try again in ${exceeded.retry_after} s`, exceeded.retry_after);
    }
    return { refund };
  }
}

@Module({ imports: [ChoresModule], providers: [ThrottleService], exports: [ThrottleService] })
export class ThrottleModule {}
