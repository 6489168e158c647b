import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What every repository shares: its data source, transactions, and the manager for reads outside one. */
export abstract class SqlRepository {
  constructor(@InjectDataSource() protected readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Runs `work` on the shared manager (no transaction): reads that take a manager like their transactional twins. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
