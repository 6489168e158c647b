import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, ManagesCatalogue } from '@project/platform';
import {
  BlockEquivalenceDto,
  BlockEquivalencePageDto,
  CreateBlockEquivalenceDto,
  ListBlockEquivalencesQueryDto,
} from './dto/equivalence.dto';
import { EquivalencesService } from './equivalences.service';

// Tag and operation ids as before the move from the juries library, so the published API document (and clients
// generated from it) stay the same.
@ApiTags('juries')
@Controller()
export class EquivalencesController {
  constructor(private readonly equivalences: EquivalencesService) {}

  @Post('block-equivalences')
  @ManagesCatalogue()
  @ApiOperation({ operationId: 'RecordsController_createEquivalence', summary: undefined })
  @ApiCreatedResponse({ type: BlockEquivalenceDto })
  @ApiConflictResponse({ description: 'Already declared' })
  @ApiUnprocessableEntityResponse({ description: 'toBlockCode is not a block of the catalogue' })
  createEquivalence(@Auth() auth: AuthContext, @Body() dto: CreateBlockEquivalenceDto): Promise<BlockEquivalenceDto> {
    return this.equivalences.createEquivalence(auth, dto);
  }

  @Get('block-equivalences')
  @Authenticated()
  @ApiOperation({ operationId: 'RecordsController_listEquivalences', summary: undefined })
  @ApiOkResponse({ type: BlockEquivalencePageDto })
  listEquivalences(@Query() query: ListBlockEquivalencesQueryDto): Promise<BlockEquivalencePageDto> {
    return this.equivalences.listEquivalences(query);
  }
}
