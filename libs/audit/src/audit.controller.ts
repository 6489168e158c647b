import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated } from '@project/platform';
import { AuditService } from './audit.service';
import { AuditPageDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: AuditPageDto, description: "The organisation's audit trail, newest first" })
  list(@Auth() auth: AuthContext, @Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(auth, query);
  }
}
