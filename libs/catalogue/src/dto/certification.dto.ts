import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  IsDateString,
  ValidateIf,
  registerDecorator,
} from 'class-validator';
import {
  ACCESS_ROUTES,
  AccessRoute,
  JURY_MEMBER_ROLES,
  MODALITY_FORMS,
  MODALITY_GRADINGS,
  MODALITY_KINDS,
  MODALITY_MODES,
  ModalityForm,
  ModalityGrading,
  ModalityKind,
  ModalityMode,
} from '@project/domain';
import { Omittable } from '@project/platform';

/** Bounds on a sheet's lists, far above real RNCP sheets: the work on a body stays bounded. */
const MAX_CODES = 100;
const MAX_STATISTICS_YEARS = 2100 - 1990 + 1;

/**
 * At most two decimals. Not `IsNumber({ maxDecimalPlaces: 2 })`: it reads the decimals from `toString()`, which
 * throws (a 500) on numbers printed in exponent form such as 1e-7.
 */
function AtMostTwoDecimals() {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'atMostTwoDecimals',
      target: target.constructor,
      propertyName: property,
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value,
        defaultMessage: () => `${property} must have at most two decimals`,
      },
    });
}

export class CodeLabelDto {
  @ApiProperty({ example: '332' }) @IsString() @MinLength(1) @MaxLength(20) code: string;
  @ApiProperty({ example: 'Travail social' }) @IsString() @MaxLength(500) label: string;
}

export class CertifierDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(20) siret: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(500) website: string | null;
}

export class JuryRequirementDto {
  @ApiProperty({ example: 'Professionnels extérieurs' }) @IsString() @MaxLength(1000) label: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(JURY_MEMBER_ROLES.length)
  @IsIn(JURY_MEMBER_ROLES, { each: true })
  roles: string[];
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(50) min: number;
  @ApiPropertyOptional({ description: 'When set, only members whose external flag equals it count' })
  @Omittable()
  @IsBoolean()
  external?: boolean;
}

export class JuryCompositionDto {
  @ApiProperty({ description: "The sheet's own sentence" }) @IsString() @MaxLength(5000) description: string;
  @ApiProperty({ type: [JuryRequirementDto] })
  @IsArray()
  @ArrayMaxSize(JURY_MEMBER_ROLES.length * 2)
  @ValidateNested({ each: true })
  @Type(() => JuryRequirementDto)
  requirements: JuryRequirementDto[];
}

export class AccessRouteDto {
  @ApiProperty({ enum: ACCESS_ROUTES }) @IsIn(ACCESS_ROUTES) route: AccessRoute;
  @ApiProperty() @IsBoolean() open: boolean;
  @ApiPropertyOptional({ type: JuryCompositionDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => JuryCompositionDto)
  juryComposition: JuryCompositionDto | null;
}

export class CompletionRuleDto {
  @ApiProperty({ enum: ['all_blocks', 'mandatory_plus_optional'] })
  @IsIn(['all_blocks', 'mandatory_plus_optional'])
  kind: 'all_blocks' | 'mandatory_plus_optional';

  @ApiPropertyOptional({ description: 'With mandatory_plus_optional: how many optional blocks are needed' })
  @ValidateIf((rule: CompletionRuleDto) => rule.kind === 'mandatory_plus_optional' || rule.optionalCount !== undefined)
  @IsInt()
  @Min(0)
  optionalCount?: number;
}

export class ModalityDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Keeps the identity of an existing modality on replace' })
  @Omittable()
  @IsUUID()
  id?: string;
  @ApiProperty({ enum: MODALITY_KINDS }) @IsIn(MODALITY_KINDS) kind: ModalityKind;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) label: string;
  @ApiProperty({ enum: MODALITY_MODES }) @IsIn(MODALITY_MODES) mode: ModalityMode;
  @ApiProperty({ enum: MODALITY_FORMS }) @IsIn(MODALITY_FORMS) form: ModalityForm;
  @ApiProperty({ default: 1 }) @IsNumber() @AtMostTwoDecimals() @Min(0.01) @Max(100) coefficient: number;
  @ApiProperty({ default: 10 }) @IsNumber() @AtMostTwoDecimals() @Min(0) @Max(20) passMark: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'A score under it fails the block whatever the mean' })
  @IsOptional()
  @IsNumber()
  @AtMostTwoDecimals()
  @Min(0)
  @Max(20)
  eliminatoryFloor?: number | null;
  @ApiPropertyOptional({ enum: MODALITY_GRADINGS, default: 'score' })
  @Omittable()
  @IsIn(MODALITY_GRADINGS)
  grading?: ModalityGrading;
}

export class BlockDto {
  @ApiProperty({ example: 'RNCP41296BC01' }) @Matches(/^RNCP\d+BC\d+$/, { message: 'code must look like RNCP41296BC01' }) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) title: string;
  @ApiPropertyOptional({ default: true }) @Omittable() @IsBoolean() mandatory?: boolean;
  @ApiPropertyOptional({ default: 10 }) @Omittable() @IsNumber() @AtMostTwoDecimals() @Min(0) @Max(20) passMark?: number;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  competencies: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(20000) evaluationText?: string | null;
  @ApiProperty({ type: [ModalityDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ModalityDto)
  modalities: ModalityDto[];
}

export class StatisticsRowDto {
  @ApiProperty() @IsInt() @Min(1990) @Max(2100) year: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) certifiedCount: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) certifiedByVaeCount: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsNumber() @Min(0) @Max(100) insertionRate6Months: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsNumber() @Min(0) @Max(100) insertionRateInTargetJob6Months:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsNumber() @Min(0) @Max(100) insertionRate2Years: number | null;
}

/** The certification sheet: the body of PUT and the answer of GET /api/certifications/{code}. */
export class CertificationSheetDto {
  @ApiProperty({ example: 'RNCP41296' }) @Matches(/^RNCP\d+$/, { message: 'code must look like RNCP41296' }) code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) title: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 8, nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) @Max(8) level:
    number | null;
  @ApiPropertyOptional({ default: true }) @Omittable() @IsBoolean() active?: boolean;
  @ApiProperty({ type: [CertifierDto] })
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @ValidateNested({ each: true })
  @Type(() => CertifierDto)
  certifiers: CertifierDto[];
  @ApiProperty({ type: [CodeLabelDto] })
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @ValidateNested({ each: true })
  @Type(() => CodeLabelDto)
  nsfCodes: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto] })
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @ValidateNested({ each: true })
  @Type(() => CodeLabelDto)
  formacodes: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto] })
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @ValidateNested({ each: true })
  @Type(() => CodeLabelDto)
  romeCodes: CodeLabelDto[];
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'registrationEndsOn must be YYYY-MM-DD' })
  registrationEndsOn: string | null;
  @ApiProperty({ type: [String], example: ['RNCP35080'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_CODES)
  @Matches(/^RNCP\d+$/, { each: true, message: 'replaces must hold RNCP codes' })
  replaces: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(20000) prerequisites?: string | null;
  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_CODES)
  @IsString({ each: true })
  additionalRequirements?: string[];
  @ApiProperty({ type: [AccessRouteDto] })
  @IsArray()
  @ArrayMaxSize(ACCESS_ROUTES.length)
  @ValidateNested({ each: true })
  @Type(() => AccessRouteDto)
  accessRoutes: AccessRouteDto[];
  // @IsObject: @ValidateNested alone lets a missing rule through (the service then read `kind` of undefined: 500).
  @ApiProperty({ type: CompletionRuleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CompletionRuleDto)
  completionRule: CompletionRuleDto;
  @ApiProperty({ type: [BlockDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BlockDto)
  blocks: BlockDto[];
  @ApiPropertyOptional({ type: [StatisticsRowDto] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_STATISTICS_YEARS)
  @ValidateNested({ each: true })
  @Type(() => StatisticsRowDto)
  statistics?: StatisticsRowDto[];
}

export class CertificationSummaryDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: Number }) level: number | null;
  @ApiProperty() blockCount: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) registrationEndsOn: string | null;
  @ApiProperty() active: boolean;
}

export class CertificationPageDto {
  @ApiProperty({ type: [CertificationSummaryDto] }) items: CertificationSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListCertificationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @Omittable() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ description: 'Words of the title or the code' }) @Omittable() @IsString() @MaxLength(200) search?: string;
  @ApiPropertyOptional()
  @Omittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
