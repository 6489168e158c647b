import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import { CivilIdentityDto, UpdateCivilIdentityDto } from './dto/civil-identity.dto';
import { CreateLearnerDto, LearnerDto, LearnerPageDto, ListLearnersQueryDto, UpdateLearnerDto } from './dto/learner.dto';
import { LearnersService } from './learners.service';

/** Learners are never hard-deleted (results and decisions point at them): there is no DELETE route. */
@ApiTags('learners')
@Controller('learners')
export class LearnersController {
  constructor(private readonly learners: LearnersService) {}

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: LearnerDto })
  @ApiConflictResponse({ description: 'A learner of this organisation already has this email' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateLearnerDto): Promise<LearnerDto> {
    return this.learners.create(auth, dto);
  }

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: LearnerPageDto, description: 'The learners the caller may see' })
  list(@Auth() auth: AuthContext, @Query() query: ListLearnersQueryDto): Promise<LearnerPageDto> {
    return this.learners.list(auth, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: LearnerDto })
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<LearnerDto> {
    return this.learners.get(auth, id);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: LearnerDto })
  @ApiNotFoundResponse({ description: 'Unknown learner' })
  @ApiConflictResponse({ description: 'Another learner of this organisation already has this email' })
  @ApiUnprocessableEntityResponse({ description: "A birthDate after the start of one of the learner's enrolments" })
  update(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: UpdateLearnerDto): Promise<LearnerDto> {
    return this.learners.update(auth, id, dto);
  }

  @Get(':id/civil-identity')
  @Authenticated()
  @ApiOkResponse({ type: CivilIdentityDto, description: 'The civil identity the CPF declaration needs, and what it still lacks' })
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  getCivilIdentity(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<CivilIdentityDto> {
    return this.learners.getCivilIdentity(auth, id);
  }

  @Patch(':id/civil-identity')
  @Authenticated({ roles: ['admin', 'learner'] })
  @ApiOkResponse({ type: CivilIdentityDto, description: 'Completed by an admin, or by the learner for its own record (audited)' })
  @ApiNotFoundResponse({ description: 'Unknown learner, or not one the caller may complete' })
  @ApiUnprocessableEntityResponse({ description: "A birthDate after the start of one of the learner's enrolments" })
  updateCivilIdentity(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateCivilIdentityDto,
  ): Promise<CivilIdentityDto> {
    return this.learners.updateCivilIdentity(auth, id, dto);
  }
}
