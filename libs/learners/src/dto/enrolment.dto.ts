import { IsCalendarDate, Omittable } from '@project/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { ACCESS_ROUTES, AccessRoute } from '@project/domain';

export class CreateEnrolmentDto {
  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;

  @ApiProperty({ enum: ACCESS_ROUTES, description: 'Must be a route the certification opens' })
  @IsIn(ACCESS_ROUTES)
  accessRoute: AccessRoute;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A cohort of the organisation preparing the same certification',
  })
  @IsOptional()
  @IsUUID()
  cohortId?: string | null;

  @ApiProperty({ format: 'date', example: '2025-09-01', description: "Not after the certification's registration end date" })
  @IsCalendarDate()
  startedOn: string;

  @ApiPropertyOptional({ default: false, description: "Demandeur d'emploi (some certifications require an internship then)" })
  @Omittable()
  @IsBoolean()
  jobSeeker?: boolean;
}

/** Moves an enrolment to another cohort of the same certification, or out of any cohort (null). */
export class UpdateEnrolmentDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((dto: UpdateEnrolmentDto) => dto.cohortId !== undefined && dto.cohortId !== null)
  @IsUUID()
  cohortId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateEnrolmentDto) => dto.jobSeeker !== undefined)
  @IsBoolean()
  jobSeeker?: boolean;
}

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ enum: ACCESS_ROUTES }) accessRoute: AccessRoute;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) cohortId: string | null;
  @ApiProperty({ format: 'date' }) startedOn: string;
  @ApiProperty() jobSeeker: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class EnrolledLearnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() email: string;
}

/** A cohort's enrolment, with who the learner is, so a cohort roster needs one call. */
export class CohortEnrolmentDto extends EnrolmentDto {
  @ApiProperty({ type: EnrolledLearnerDto }) learner: EnrolledLearnerDto;
}

export class EnrolmentPageDto {
  @ApiProperty({ type: [EnrolmentDto] }) items: EnrolmentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CohortEnrolmentPageDto {
  @ApiProperty({ type: [CohortEnrolmentDto] }) items: CohortEnrolmentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export interface EnrolmentRow {
  id: string;
  organisation_id: string;
  learner_id: string;
  certification_code: string;
  access_route: AccessRoute;
  cohort_id: string | null;
  started_on: string;
  job_seeker: boolean;
  created_at: Date;
}

export interface CohortEnrolmentRow extends EnrolmentRow {
  first_names: string;
  last_name: string;
  email: string;
}

export function mapEnrolment(row: EnrolmentRow): EnrolmentDto {
  return {
    id: row.id,
    learnerId: row.learner_id,
    certificationCode: row.certification_code,
    accessRoute: row.access_route,
    cohortId: row.cohort_id,
    startedOn: row.started_on,
    jobSeeker: row.job_seeker,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function mapCohortEnrolment(row: CohortEnrolmentRow): CohortEnrolmentDto {
  return {
    ...mapEnrolment(row),
    learner: { id: row.learner_id, firstName: row.first_names, lastName: row.last_name, email: row.email },
  };
}
