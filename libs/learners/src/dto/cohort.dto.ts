import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate, Omittable, PageQueryDto, Trim } from '@project/platform';

export class CreateCohortDto {
  @ApiProperty({ example: 'Promotion 2025-2026' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;

  @ApiProperty({ format: 'date', example: '2025-09-01' })
  @IsCalendarDate()
  startsOn: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'On or after startsOn' })
  @IsCalendarDate()
  endsOn: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', default: [], description: 'Users of the organisation with the trainer role' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  trainerUserIds?: string[];
}

export class AddTrainerDto {
  @ApiProperty({ format: 'uuid', description: 'A user of the organisation with the trainer role' })
  @IsUUID()
  userId: string;
}

export class ListCohortsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41296' })
  @Omittable()
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode?: string;
}

export class CohortTrainerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}

export class CohortDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty({ type: [CohortTrainerDto] }) trainers: CohortTrainerDto[];
  @ApiProperty() enrolmentCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CohortPageDto {
  @ApiProperty({ type: [CohortDto] }) items: CohortDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export interface CohortRow {
  id: string;
  organisation_id: string;
  name: string;
  certification_code: string;
  starts_on: string;
  ends_on: string;
  created_at: Date;
  trainers: CohortTrainerDto[];
  enrolment_count: number;
}

export function mapCohort(row: CohortRow): CohortDto {
  return {
    id: row.id,
    name: row.name,
    certificationCode: row.certification_code,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    trainers: row.trainers,
    enrolmentCount: row.enrolment_count,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
