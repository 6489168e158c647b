import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StoredState {
  hash: string | null;
  curated: boolean;
}

/** The import's own SQL; the sheets themselves are written by the catalogue's repository. */
@Injectable()
export class RncpImportRepository {
  /** Locks the certifications of a batch that already exist, so a concurrent PUT or import waits. */
  async lockStates(manager: EntityManager, codes: string[]): Promise<Map<string, StoredState>> {
    const rows: { code: string; hash: string | null; curated: boolean }[] = await manager.query(
      `SELECT code, content_hash AS hash, curated FROM certification WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, { hash: row.hash, curated: row.curated }]));
  }

  /** One fiche that the database refuses must not undo the rest of its batch. */
  async savepoint(manager: EntityManager): Promise<void> {
    await manager.query('SAVEPOINT fiche');
  }

  async releaseSavepoint(manager: EntityManager): Promise<void> {
    await manager.query('RELEASE SAVEPOINT fiche');
  }

  async rollbackToSavepoint(manager: EntityManager): Promise<void> {
    await manager.query('ROLLBACK TO SAVEPOINT fiche');
  }
}
