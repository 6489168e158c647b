import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Auth, AuthContext, ManagesCatalogue } from '@project/platform';
import type { FastifyRequest } from 'fastify';
import { ImportReportDto } from './dto/import-report.dto';
import { RncpImportService } from './rncp-import.service';
import { uploadedExport } from './upload';

@ApiTags('catalogue')
@Controller('certifications')
export class RncpImportController {
  constructor(private readonly importer: RncpImportService) {}

  @Post('import')
  @HttpCode(200)
  @ManagesCatalogue()
  @ApiConsumes('application/zip', 'application/xml', 'text/xml', 'multipart/form-data')
  @ApiBody({
    description:
      'A France Compétences RNCP export, streamed: the zip as published (XML or CSV files), the bare XML, or a form with a `file` field',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiBadRequestResponse({ description: 'The body is not a zip or an XML document' })
  @ApiUnprocessableEntityResponse({ description: 'The export is truncated or malformed; nothing was imported' })
  async import(@Auth() auth: AuthContext, @Req() request: FastifyRequest): Promise<ImportReportDto> {
    return this.importer.importStream(auth, await uploadedExport(request));
  }
}
