import { IsCalendarDate, Omittable } from '@project/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { ACCESS_ROUTES, AccessRoute } from '@project/domain';
import { EnrolmentRow, CohortEnrolmentRow } from '../rows';

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

export function mapEnrolment(row: EnrolmentRow): EnrolmentDto {
  return {
    id: row.id,
    learnerId: row.learnerId,
    certificationCode: row.certificationCode,
    accessRoute: row.accessRoute,
    cohortId: row.cohortId,
    startedOn: row.startedOn,
    jobSeeker: row.jobSeeker,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function mapCohortEnrolment(row: CohortEnrolmentRow): CohortEnrolmentDto {
  return {
    ...mapEnrolment(row),
    learner: { id: row.learnerId, firstName: row.firstNames, lastName: row.lastName, email: row.email },
  };
}
