import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { CredentialsRepository } from '../credentials.repository';
import { IssuerKeys } from './issuer-keys.service';

const BATCH = 100;

/**
 * Signing is slow (RDF canonicalisation, ~10 ms a credential), so it does not hold the transaction that closes
 * a jury session: the credentials are issued there (the rows, their references and status places), and their
 * unsigned rows are the durable queue. Once that transaction commits, this process signs them in batches
 * (FOR UPDATE SKIP LOCKED, so several instances share the work); a credential asked for before its turn is
 * signed on the spot. A process that stops in between leaves rows that any instance signs at start-up.
 */
@Injectable()
export class SigningQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SigningQueue.name);
  private readonly pending = new WeakSet<QueryRunner>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialsRepository,
    private readonly keys: IssuerKeys,
  ) {}

  onApplicationBootstrap(): void {
    this.dataSource.subscribers.push({
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (!this.pending.has(event.queryRunner)) return;
        this.pending.delete(event.queryRunner);
        this.kick();
      },
    });
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** No more signing in the background by this process (shutting down); what is left waits for an instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Called in the issuing transaction: its credentials are signed once it commits. */
  issuedIn(manager: EntityManager): void {
    if (manager.queryRunner) this.pending.add(manager.queryRunner);
  }

  /** Signs now, if still unsigned, the credential a caller asks for; answers its document. */
  async signedDocument(id: string): Promise<Record<string, any> | null> {
    const document = await this.credentials.findDocument(this.credentials.manager, id);
    if (document) return document;
    return this.dataSource.transaction(async (manager) => {
      const unsigned = await this.credentials.lockUnsigned(manager, [id], 1, false);
      if (unsigned.length > 0) await this.keys.signIssued(manager, unsigned);
      return this.credentials.findDocument(manager, id);
    });
  }

  /** Resolves when nothing issued before the call is left unsigned by the background run. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped) {
        const signed = await this.dataSource.transaction(async (manager) => {
          const ids = await this.credentials.lockUnsigned(manager, null, BATCH, true);
          await this.keys.signIssued(manager, ids);
          return ids.length;
        });
        if (signed < BATCH) return;
      }
    } catch (error) {
      // Left unsigned: signed on demand, or by the next run (the next issue, or a restart).
      this.logger.error(`Signing issued credentials failed: ${(error as Error).message}`);
    }
  }
}
