import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthContext, Page, decodeCursor, toPage } from '@project/platform';
import { AuditRepository } from './audit.repository';
import { AuditEventDto, ListAuditQueryDto, mapAuditEvent } from './dto/audit.dto';

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(auth: AuthContext, query: ListAuditQueryDto): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 50;
    const key = decodeCursor(query.cursor, 1);
    const beforeId = key?.[0];
    if (key && !(typeof beforeId === 'string' && /^\d{1,18}$/.test(beforeId))) {
      throw new BadRequestException({
        message: 'Invalid cursor',
        errors: [{ field: 'cursor', message: 'cursor is not one this API issued' }],
      });
    }
    const rows = await this.audit.list(auth.organisationId, query, limit, beforeId as string | undefined);
    return toPage(rows, limit, (row) => [row.id], mapAuditEvent);
  }
}
