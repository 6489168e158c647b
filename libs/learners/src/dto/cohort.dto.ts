import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate, Omittable, PageQueryDto, Trim } from '@project/platform';
import { CohortRow } from '../rows';

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

export function mapCohort(row: CohortRow): CohortDto {
  return {
    id: row.id,
    name: row.name,
    certificationCode: row.certificationCode,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    trainers: row.trainers,
    enrolmentCount: row.enrolmentCount,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
