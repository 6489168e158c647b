import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, ManagesCatalogue, certificationCodeParam } from '@project/platform';
import type { FastifyReply } from 'fastify';
import { CatalogueService } from './catalogue.service';
import { CertificationPageDto, CertificationSheetDto, ListCertificationsQueryDto } from './dto/certification.dto';

@ApiTags('catalogue')
@Controller('certifications')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: CertificationPageDto })
  list(@Query() query: ListCertificationsQueryDto): Promise<CertificationPageDto> {
    return this.catalogue.list(query);
  }

  @Get(':code')
  @Authenticated()
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiOkResponse({ type: CertificationSheetDto })
  @ApiNotFoundResponse({ description: 'Unknown certification' })
  get(@Param('code', certificationCodeParam()) code: string): Promise<CertificationSheetDto> {
    return this.catalogue.get(code);
  }

  @Put(':code')
  @ManagesCatalogue()
  @ApiParam({ name: 'code', example: 'RNCP41296' })
  @ApiCreatedResponse({ type: CertificationSheetDto, description: 'Created' })
  @ApiOkResponse({ type: CertificationSheetDto, description: 'Replaced (or unchanged)' })
  @ApiUnprocessableEntityResponse({ description: 'The sheet breaks a catalogue rule (`errors` names each field)' })
  async put(
    @Auth() auth: AuthContext,
    @Param('code', certificationCodeParam()) code: string,
    @Body() sheet: CertificationSheetDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CertificationSheetDto> {
    const result = await this.catalogue.put(auth, code, sheet);
    reply.status(result.outcome === 'created' ? 201 : 200);
    return result.sheet;
  }
}
