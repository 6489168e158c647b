import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Auth, AuthContext, ManagesCatalogue, AcceptsBody } from '@project/platform';
import type { FastifyRequest } from 'fastify';
import { ImportReportDto } from './dto/import-report.dto';
import { RncpImportService } from './rncp-import.service';
import { EXPORT_BODY_TYPES, uploadedExport } from './upload';

@ApiTags('catalogue')
@Controller('certifications')
export class RncpImportController {
  constructor(private readonly importer: RncpImportService) {}

  @Post('import')
  @HttpCode(200)
  @AcceptsBody(EXPORT_BODY_TYPES, { streamed: true })
  @ManagesCatalogue()
  @ApiBody({
    description:
      'A France Compétences RNCP export, streamed: the zip as published (XML or CSV files), the bare XML, or a form with a `file` field',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiBadRequestResponse({ description: 'The body is not a zip or an XML document' })
  @ApiUnprocessableEntityResponse({
    description:
      'The export is truncated, malformed or over the reading limits (a zip file inflating beyond its declared size or 4 GB, ' +
      'a FICHE of more than 50,000 elements or 4 MB of text, elements nested over 32 deep, a CSV record of more than 1,000 fields); ' +
      'nothing was imported',
  })
  async import(@Auth() auth: AuthContext, @Req() request: FastifyRequest): Promise<ImportReportDto> {
    return this.importer.importStream(auth, await uploadedExport(request));
  }
}
