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
import { JURY_MEMBER_ROLES, JuryMemberRole } from '@project/domain';
import { Omittable, PageQueryDto } from '@project/platform';

export class JuryMemberInputDto {
  @ApiProperty({ example: 'Claire Martin' }) @IsString() @MinLength(1) @MaxLength(300) fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) @IsIn(JURY_MEMBER_ROLES) role: JuryMemberRole;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Links the member to a user with the jury_member role, who may then record decisions',
  })
  @Omittable()
  @IsUUID()
  userId?: string;
  @ApiProperty({ description: 'External to the certifier and with no link to the candidates' }) @IsBoolean() external: boolean;
}

export class CreateJurySessionDto {
  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;
  @ApiProperty({ example: '2026-06-30', format: 'date' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn must be YYYY-MM-DD' })
  heldOn: string;
  @ApiProperty({ type: [JuryMemberInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => JuryMemberInputDto)
  members: JuryMemberInputDto[];
}

export class JuryMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: JURY_MEMBER_ROLES }) role: JuryMemberRole;
  @ApiProperty() external: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
}

export class JurySessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
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
  closedAt: string | null;
  createdAt: string;
  members: JuryMemberDto[];
}

export function mapJurySession(row: JurySessionRow): JurySessionDto {
  return {
    id: row.id,
    certificationCode: row.certificationCode,
    heldOn: row.heldOn,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    members: row.members.map((m) => ({ id: m.id, fullName: m.fullName, role: m.role, external: m.external, userId: m.userId })),
  };
}
