import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, AuthContext, Authenticated, uuidParam } from '@project/platform';
import { CohortsService } from './cohorts.service';
import { AddTrainerDto, CohortDto, CohortPageDto, CreateCohortDto, ListCohortsQueryDto } from './dto/cohort.dto';

@ApiTags('cohorts')
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: CohortDto })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown certification, or a trainerUserIds entry that is not a trainer of the organisation',
  })
  create(@Auth() auth: AuthContext, @Body() dto: CreateCohortDto): Promise<CohortDto> {
    return this.cohorts.create(auth, dto);
  }

  @Get()
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiOkResponse({ type: CohortPageDto, description: 'Newest first; a trainer sees the cohorts it is assigned to' })
  list(@Auth() auth: AuthContext, @Query() query: ListCohortsQueryDto): Promise<CohortPageDto> {
    return this.cohorts.list(auth, query);
  }

  @Get(':id')
  @Authenticated({ roles: ['admin', 'trainer', 'jury_member'] })
  @ApiOkResponse({ type: CohortDto })
  @ApiNotFoundResponse({ description: 'Unknown cohort' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string): Promise<CohortDto> {
    return this.cohorts.get(auth, id);
  }

  @Post(':id/trainers')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: CohortDto, description: 'The cohort with its trainers' })
  @ApiConflictResponse({ description: 'Already assigned' })
  @ApiUnprocessableEntityResponse({ description: 'userId is not a trainer of your organisation' })
  addTrainer(@Auth() auth: AuthContext, @Param('id', uuidParam('id')) id: string, @Body() dto: AddTrainerDto): Promise<CohortDto> {
    return this.cohorts.addTrainer(auth, id, dto);
  }

  @Delete(':id/trainers/:userId')
  @Authenticated({ roles: ['admin'] })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'Unknown cohort, or the user is not one of its trainers' })
  removeTrainer(
    @Auth() auth: AuthContext,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
  ): Promise<void> {
    return this.cohorts.removeTrainer(auth, id, userId);
  }
}
