import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@project/platform';
import { AccessState, UsersRepository } from './users.repository';

const MAX_ENTRIES = 50_000;

/**
 * Each user's access revision and active flag, as the access-token check reads them: from a per-process
 * cache kept TOKEN_REVOCATION_DELAY_SECONDS, so a role change, deactivation or password set reaches every
 * instance within that delay, at the cost of one indexed lookup per user and delay (none per request).
 * Concurrent misses for one user share one query.
 */
@Injectable()
export class AccessRevisions {
  private readonly entries = new Map<string, { expiresAt: number; state: Promise<AccessState | undefined> }>();
  private readonly ttlMs: number;

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.tokenRevocationDelaySeconds * 1000;
  }

  current(userId: string): Promise<AccessState | undefined> {
    const now = Date.now();
    const cached = this.entries.get(userId);
    if (cached && cached.expiresAt > now) return cached.state;
    const state = this.users.findAccessState(userId);
    if (this.ttlMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.sweep(now);
      this.entries.set(userId, { expiresAt: now + this.ttlMs, state });
      // A failed lookup is not remembered.
      void state.catch(() => {
        if (this.entries.get(userId)?.state === state) this.entries.delete(userId);
      });
    }
    return state;
  }

  /** This instance applies its own changes at once; the others within the delay. */
  forget(userId: string): void {
    this.entries.delete(userId);
  }

  private sweep(now: number): void {
    for (const [userId, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(userId);
    // Still full (that many users within one delay): start afresh rather than grow without bound.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
  }
}
