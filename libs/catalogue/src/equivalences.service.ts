import { Injectable } from '@nestjs/common';
import { ruleViolation } from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  Page,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { BlockEquivalenceDto, CreateBlockEquivalenceDto, ListBlockEquivalencesQueryDto, mapBlockEquivalence } from './dto/equivalence.dto';
import { EquivalencesRepository } from './equivalences.repository';

/** Block equivalences (rule 8): an old sheet's block counts for a block of the new one. */
@Injectable()
export class EquivalencesService {
  constructor(private readonly equivalences: EquivalencesRepository) {}

  async createEquivalence(auth: AuthContext, dto: CreateBlockEquivalenceDto): Promise<BlockEquivalenceDto> {
    const from = dto.fromBlockCode.toUpperCase();
    const to = dto.toBlockCode.toUpperCase();
    if (from === to) throw validationProblem('toBlockCode', 'a block is not equivalent to itself');
    return this.equivalences.transaction(async (manager) => {
      if (!(await this.equivalences.blockExists(manager, to))) throw ruleViolation('toBlockCode', `no block ${to} in the catalogue`);
      const equivalence = mapBlockEquivalence(await this.equivalences.insertEquivalence(manager, from, to));
      await recordAudit(manager, auth, {
        action: 'block_equivalence.created',
        entityType: 'block_equivalence',
        entityId: equivalence.id,
        after: equivalence,
      });
      return equivalence;
    });
  }

  async listEquivalences(query: ListBlockEquivalencesQueryDto): Promise<Page<BlockEquivalenceDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.text, CursorPart.text]);
    const rows = await this.equivalences.listEquivalences(query.certificationCode?.toUpperCase(), after, limit);
    return toPage(rows, limit, (row) => [row.toBlockCode, row.fromBlockCode], mapBlockEquivalence);
  }
}
