import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { IsCalendarDate, NormaliseEmail, Omittable, PageQueryDto, Trim } from '@project/platform';
import { LearnerRow } from '../rows';

/** A birth date after 1900-01-01 and before today: later ones are typos (the year of entry, a swapped century). */
export function IsPlausibleBirthDate(): PropertyDecorator {
  return ValidateBy({
    name: 'plausibleBirthDate',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || (value > '1900-01-01' && value < new Date().toISOString().slice(0, 10)),
      defaultMessage: () => 'birthDate must be after 1900-01-01 and in the past',
    },
  });
}

/** An optional birth date that may be cleared with null: a calendar day after 1900 and in the past. */
export function OptionalBirthDate(documentation: { description: string; example?: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ format: 'date', ...documentation, nullable: true, type: String }),
    IsOptional(),
    IsCalendarDate(),
    IsPlausibleBirthDate(),
  ) as PropertyDecorator;
}

export class CreateLearnerDto {
  @ApiProperty({ example: 'Camille Marie', description: 'First names, as on the identity document' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  firstName: string;

  @ApiProperty({ example: 'Martin' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  lastName: string;

  @ApiProperty({ example: 'camille.martin@example.org' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @OptionalBirthDate({ example: '1998-04-17', description: 'After 1900-01-01, in the past' })
  birthDate?: string | null;

  @ApiPropertyOptional({ example: 'Durand', description: 'Birth name (nom de naissance) when it differs', nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  birthName?: string | null;
}

/** Partial update: absent fields stay; birthDate and birthName may be cleared with null, the others may not. */
export class UpdateLearnerDto {
  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateLearnerDto) => dto.firstName !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  firstName?: string;

  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateLearnerDto) => dto.lastName !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  lastName?: string;

  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateLearnerDto) => dto.email !== undefined)
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @OptionalBirthDate({ description: "After 1900-01-01, in the past, not after any enrolment's start" })
  birthDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  birthName?: string | null;
}

export class ListLearnersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name (first, last or birth name) or of the email, case-insensitive' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class LearnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'First names' }) firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) birthName: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) birthDate: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LearnerPageDto {
  @ApiProperty({ type: [LearnerDto] }) items: LearnerDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function mapLearner(row: LearnerRow): LearnerDto {
  return {
    id: row.id,
    firstName: row.firstNames,
    lastName: row.lastName,
    birthName: row.birthName,
    birthDate: row.birthDate,
    email: row.email,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
