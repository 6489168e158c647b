/** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export interface OutageLogger {
  warn(message: string): void;
}

/**
 * Logs a database outage once per incident: the first failing request logs a warning, the following
 * ones stay quiet until a connection succeeds again, which logs the recovery with the outage's length
 * and the number of requests refused meanwhile — at the same level, so whoever watches warnings sees
 * both ends of the incident.
 */
export class DatabaseOutage {
  private since: number | undefined;
  private refused = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get ongoing(): boolean {
    return this.since !== undefined;
  }

  /** A request failed for want of the database; logs only when this starts a new incident. */
  failed(error: unknown, logger: OutageLogger | undefined): void {
    this.refused++;
    if (this.since !== undefined) return;
    this.since = this.now();
    const reason = error instanceof Error ? error.message : String(error);
    logger?.warn(`Database unavailable (${reason}); answering 503 until it is back`);
  }

  /** A connection to the database succeeded; logs the end of an incident if one was going on. */
  succeeded(logger: OutageLogger | undefined): void {
    if (this.since === undefined) return;
    const seconds = ((this.now() - this.since) / 1000).toFixed(1);
    logger?.warn(`Database available again after ${seconds} s (${this.refused} request(s) answered 503 meanwhile)`);
    this.since = undefined;
    this.refused = 0;
  }
}

/** One per process: every request and the pool of that process share it. */
export const databaseOutage = new DatabaseOutage();
