import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { JURY_MEMBER_ROLES, JuryMemberRole, SIGNATURE_POLICIES, SignaturePolicy } from '@project/domain';
import { Omittable, PageQueryDto } from '@project/platform';

/** Where the jury sits: optional, never blank, printed in the minutes. */
function SittingPlace(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example: 'Lyon, 12 rue de la République, salle 3', description, maxLength: 300 }),
    Omittable(),
    IsString(),
    Matches(/\S/, { message: 'place must not be blank' }),
    MaxLength(300),
  );
}

export class JuryMemberInputDto {
  @ApiProperty({ example: 'Claire Martin' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'fullName must not be blank' })
  fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) @IsIn(JURY_MEMBER_ROLES) role: JuryMemberRole;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Links the member to a user with the jury_member role, who may then record decisions',
  })
  @Omittable()
  @IsUUID()
  userId?: string;
  @ApiProperty({ description: 'External to the certifier and with no link to the candidates' }) @IsBoolean() external: boolean;
  @ApiPropertyOptional({ description: 'Presides the jury (at most one member); signs alone when the session says so' })
  @Omittable()
  @IsBoolean()
  president?: boolean;
}

export class CreateJurySessionDto {
  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;
  @ApiProperty({ example: '2026-06-30', format: 'date' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn must be YYYY-MM-DD' })
  heldOn: string;
  @SittingPlace('Where the jury sits (printed in the minutes)')
  place?: string;
  @ApiPropertyOptional({
    enum: SIGNATURE_POLICIES,
    default: 'all_present',
    description: "Who signs the closed minutes: every present member, or the president alone (as the certification's rules say)",
  })
  @Omittable()
  @IsIn(SIGNATURE_POLICIES)
  signaturePolicy?: SignaturePolicy;
  @ApiProperty({ type: [JuryMemberInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => JuryMemberInputDto)
  members: JuryMemberInputDto[];
}

/** Links a member to the user account it signs the minutes with (once closed: only a member without one). */
export class LinkMemberAccountDto {
  @ApiProperty({ format: 'uuid', description: 'A user of the organisation with the jury_member role' }) @IsUUID() userId: string;
}

export class ReplacementMemberInputDto extends JuryMemberInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The listed member, absent, this one stands in for' })
  @Omittable()
  @IsUUID()
  replacesMemberId?: string;
}

/** Who sat, recorded on the day (again if need be: the last record counts). */
export class RecordPresenceDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "The listed members present (ids of the session's members); the others are absent",
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  present: string[];
  @SittingPlace('Where the jury sits, if not stated when the session was set up')
  place?: string;
  @ApiPropertyOptional({
    type: [ReplacementMemberInputDto],
    description: 'People not listed who sit, each with a role; one may preside (`president`) when the listed president is absent',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReplacementMemberInputDto)
  replacements?: ReplacementMemberInputDto[];
}

export class JuryMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) role: JuryMemberRole;
  @ApiProperty() external: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty() president: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Null until presence is recorded (listed members then count as present)' })
  present: boolean | null;
  @ApiProperty({ description: 'False for a replacement added on the day' }) listed: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) replacesMemberId: string | null;
}

export class JurySessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ enum: SIGNATURE_POLICIES }) signaturePolicy: SignaturePolicy;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) presenceRecordedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [JuryMemberDto] }) members: JuryMemberDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class JurySessionPageDto {
  @ApiProperty({ type: [JurySessionDto] }) items: JurySessionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListJurySessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41296' })
  @Omittable()
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode?: string;
}

export interface JurySessionRow {
  id: string;
  certificationCode: string;
  heldOn: string;
  place: string | null;
  signaturePolicy: SignaturePolicy;
  presenceRecordedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  members: JuryMemberDto[];
}

export function mapJurySession(row: JurySessionRow): JurySessionDto {
  return {
    id: row.id,
    certificationCode: row.certificationCode,
    heldOn: row.heldOn,
    place: row.place,
    signaturePolicy: row.signaturePolicy,
    presenceRecordedAt: row.presenceRecordedAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    members: row.members.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      role: m.role,
      external: m.external,
      userId: m.userId,
      president: m.president,
      present: m.present,
      listed: m.listed,
      replacesMemberId: m.replacesMemberId,
    })),
  };
}
