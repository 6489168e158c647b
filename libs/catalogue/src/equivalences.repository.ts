import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { BlockEquivalenceDto } from './dto/equivalence.dto';

const TS = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL of block equivalences (rule 8): catalogue data, shared by every organisation. */
@Injectable()
export class EquivalencesRepository extends SqlRepository {
  async blockExists(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM block WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async insertEquivalence(manager: EntityManager, fromBlockCode: string, toBlockCode: string): Promise<BlockEquivalenceDto> {
    const rows = await manager.query(
      `INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ($1, $2)
       RETURNING id, from_block_code AS "fromBlockCode", to_block_code AS "toBlockCode", ${TS('created_at')} AS "createdAt"`,
      [fromBlockCode, toBlockCode],
    );
    return rows[0];
  }

  async listEquivalences(
    certificationCode: string | undefined,
    after: [string, string] | undefined,
    limit: number,
  ): Promise<BlockEquivalenceDto[]> {
    return this.dataSource.query(
      `SELECT q.id, q.from_block_code AS "fromBlockCode", q.to_block_code AS "toBlockCode", ${TS('q.created_at')} AS "createdAt"
       FROM block_equivalence q JOIN block b ON b.code = q.to_block_code
       WHERE ($1::text IS NULL OR b.certification_code = $1)
         AND ($2::text IS NULL OR (q.to_block_code, q.from_block_code) > ($2::text, $3::text))
       ORDER BY q.to_block_code, q.from_block_code
       LIMIT $4`,
      [certificationCode ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }
}
