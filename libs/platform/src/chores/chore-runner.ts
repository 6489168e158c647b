import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Periodic chores (purges) that must run once per period however many API instances share the database.
 * Each instance's timer tries to claim the (chore, period) row of chore_run; the claim and the chore's work
 * share one transaction, so a concurrent claimer waits on the primary key and then skips, and a chore that
 * fails releases its period for the next attempt.
 */
@Injectable()
export class ChoreRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Chores');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Tries the chore every `periodSeconds` on this instance; it runs at most once per period overall. */
  schedule(chore: string, periodSeconds: number, work: (manager: EntityManager) => Promise<unknown>): void {
    const timer = setInterval(() => {
      this.runOncePerPeriod(chore, periodSeconds, work).catch((error: Error) => this.logger.warn(`${chore} failed: ${error.message}`));
    }, periodSeconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }

  /** Runs `work` unless an instance already ran this chore in the current period; answers whether it ran. */
  async runOncePerPeriod(chore: string, periodSeconds: number, work: (manager: EntityManager) => Promise<unknown>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // Periods are aligned on the database's clock, the one clock every instance shares.
      const claimed: unknown[] = await manager.query(
        `INSERT INTO chore_run (chore, period_start)
         VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2))
         ON CONFLICT DO NOTHING RETURNING period_start`,
        [chore, periodSeconds],
      );
      if (claimed.length === 0) return false;
      await work(manager);
      await manager.query(`DELETE FROM chore_run WHERE chore = $1 AND period_start < now() - interval '7 days'`, [chore]);
      return true;
    });
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}

@Module({ providers: [ChoreRunner], exports: [ChoreRunner] })
export class ChoresModule {}
