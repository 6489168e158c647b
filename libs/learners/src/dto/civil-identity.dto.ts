import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { IDENTITY_FIELDS_FOR_DECLARATION, SEXES, Sex, inseeCommuneCodeProblem, missingForDeclaration } from '@project/domain';
import { Trim } from '@project/platform';
import { LearnerCivilIdentityRow } from '../rows';
import { OptionalBirthDate } from './learner.dto';

/** An INSEE commune code that can exist (shape, department, Corsica as 2A/2B, 99xxx abroad): see inseeCommuneCodeProblem. */
function IsInseeCommuneCode(): PropertyDecorator {
  return ValidateBy({
    name: 'inseeCommuneCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && inseeCommuneCodeProblem(value) === null,
      defaultMessage: (args) =>
        `birthCommuneCode ${typeof args?.value === 'string' ? (inseeCommuneCodeProblem(args.value) ?? '') : 'must be a string'}`,
    },
  });
}

const trimEach = () => Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value));

/**
 * What the CPF declaration needs beyond the learner's names (PATCH: absent fields stay, null clears). The
 * birthplace is a French commune by INSEE code or postal code, or abroad: birthCommuneCode 99xxx with the
 * INSEE country code xxx (birthCountryCode, when given, must agree).
 */
export class UpdateCivilIdentityDto {
  @ApiPropertyOptional({
    example: 'Durand',
    description: 'Birth name (nom de naissance) when it differs from lastName',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  birthName?: string | null;

  @ApiPropertyOptional({ example: 'Martin', description: "Usage name (nom d'usage)", nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  usageName?: string | null;

  @ApiPropertyOptional({
    example: ['Camille', 'Marie'],
    description: 'Given names in civil-registry order, 1 to 3',
    nullable: true,
    type: [String],
  })
  @IsOptional()
  @trimEach()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3, { message: 'givenNames holds at most 3 first names' })
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  givenNames?: string[] | null;

  @ApiPropertyOptional({ enum: SEXES, nullable: true, description: 'As the civil registry states it' })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex | null;

  @OptionalBirthDate({ description: "After 1900-01-01, in the past, not after any enrolment's start" })
  birthDate?: string | null;

  @ApiPropertyOptional({
    example: '2A004',
    description: 'INSEE code of the commune of birth (2A/2B for Corsica; 99xxx born abroad)',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsInseeCommuneCode()
  birthCommuneCode?: string | null;

  @ApiPropertyOptional({
    example: '75011',
    description: 'Postal code of the commune of birth, when its INSEE code is unknown',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'birthPostalCode must be 5 digits' })
  birthPostalCode?: string | null;

  @ApiPropertyOptional({ example: 'Ajaccio', nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  birthCommune?: string | null;

  @ApiPropertyOptional({ example: '109', description: 'INSEE country code (3 digits; 100 is France)', nullable: true, type: String })
  @IsOptional()
  @Matches(/^[0-9]{3}$/, { message: 'birthCountryCode must be 3 digits (the INSEE country code)' })
  birthCountryCode?: string | null;

  @ApiPropertyOptional({ example: 'Allemagne', nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  birthCountry?: string | null;
}

export class CivilIdentityDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ nullable: true, type: String }) birthName: string | null;
  @ApiProperty({ nullable: true, type: String }) usageName: string | null;
  @ApiProperty({ nullable: true, type: [String] }) givenNames: string[] | null;
  @ApiProperty({ enum: SEXES, nullable: true }) sex: Sex | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) birthDate: string | null;
  @ApiProperty({ nullable: true, type: String }) birthCommuneCode: string | null;
  @ApiProperty({ nullable: true, type: String }) birthPostalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) birthCommune: string | null;
  @ApiProperty({ nullable: true, type: String }) birthCountryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) birthCountry: string | null;
  @ApiProperty({
    enum: IDENTITY_FIELDS_FOR_DECLARATION,
    isArray: true,
    description: 'What the CPF declaration still lacks (empty: declarable)',
  })
  missingForDeclaration: string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
}

export function mapCivilIdentity(row: LearnerCivilIdentityRow): CivilIdentityDto {
  return {
    learnerId: row.id,
    lastName: row.lastName,
    birthName: row.birthName,
    usageName: row.usageName,
    givenNames: row.givenNames,
    sex: row.sex,
    birthDate: row.birthDate,
    birthCommuneCode: row.birthCommuneCode,
    birthPostalCode: row.birthPostalCode,
    birthCommune: row.birthCommune,
    birthCountryCode: row.birthCountryCode,
    birthCountry: row.birthCountry,
    missingForDeclaration: missingForDeclaration(row),
    updatedAt: row.civilIdentityUpdatedAt ? new Date(row.civilIdentityUpdatedAt).toISOString() : null,
  };
}
