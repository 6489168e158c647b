import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { DECLARATION_STATES, DeclarationState, IDENTITY_FIELDS_FOR_DECLARATION, IdentityFieldForDeclaration } from '@project/domain';
import { IsCalendarDate, Omittable, PageQueryDto } from '@project/platform';
import { AwardDeclarationRow, DeclarationFileRow } from '../rows';

export class CreateDeclarationDto {
  @ApiPropertyOptional({ example: 'RNCP41296', description: 'One certification; all of them when left out' })
  @Omittable()
  @IsString()
  @Matches(/^RNCP[0-9]+$/, { message: 'certificationCode must be an RNCP code (RNCP41296)' })
  certificationCode?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Awards decided on or after this day' })
  @Omittable()
  @IsCalendarDate()
  awardedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Awards decided on or before this day' })
  @Omittable()
  @IsCalendarDate()
  awardedTo?: string;
}

export class PassageStatesDto {
  @ApiProperty() sent: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
}

export class DeclarationFileLinksDto {
  @ApiProperty() self: string;
  @ApiProperty({ description: 'The XML file to upload on the CDC portal' }) file: string;
  @ApiProperty({ description: "Where to post the CDC's processing report" }) report: string;
}

export class DeclarationFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'idFlux, written in the file' }) idFlux: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ nullable: true, type: String }) certificationCode: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) awardedFrom: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) awardedTo: string | null;
  @ApiProperty() passageCount: number;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256: string;
  @ApiProperty({ description: 'The XSD the file was validated against (file name and SHA-256)' }) xsd: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reportAppliedAt: string | null;
  @ApiProperty({ type: PassageStatesDto }) passages: PassageStatesDto;
  @ApiProperty({ type: DeclarationFileLinksDto }) links: DeclarationFileLinksDto;
}

export function mapDeclarationFile(row: DeclarationFileRow): DeclarationFileDto {
  return {
    id: row.id,
    idFlux: row.idFlux,
    generatedAt: new Date(row.generatedAt).toISOString(),
    certificationCode: row.certificationCode,
    awardedFrom: row.awardedFrom,
    awardedTo: row.awardedTo,
    passageCount: row.passageCount,
    byteSize: Number(row.byteSize ?? 0),
    sha256: row.sha256 ?? '',
    xsd: row.xsd,
    reportAppliedAt: row.reportAppliedAt ? new Date(row.reportAppliedAt).toISOString() : null,
    passages: row.states,
    links: {
      self: `/api/cpf-declarations/${row.id}`,
      file: `/api/cpf-declarations/${row.id}/file.xml`,
      report: `/api/cpf-declarations/${row.id}/report`,
    },
  };
}

export class AwardDeclarationDto {
  @ApiProperty({ format: 'uuid', description: 'The award (jury decision); its id is the idTechnique of every passage declaring it' })
  awardDecisionId: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() firstNames: string;
  @ApiProperty() lastName: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ format: 'date' }) awardedOn: string;
  @ApiProperty({ format: 'date', description: 'The last day to declare: three months after the award' }) deadline: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Days left before the deadline (negative: overdue); null once accepted or withdrawn',
  })
  daysLeft: number | null;
  @ApiProperty({ enum: DECLARATION_STATES }) state: DeclarationState;
  @ApiProperty({ enum: IDENTITY_FIELDS_FOR_DECLARATION, isArray: true, description: "What the holder's civil identity lacks" })
  missing: IdentityFieldForDeclaration[];
  @ApiProperty({ nullable: true, type: String }) idTechnique: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The last file that declared it' }) fileId: string | null;
  @ApiProperty({ type: [String], description: "The CDC's messages when the last passage was rejected" }) messages: string[];
}

export function mapAwardDeclaration(row: AwardDeclarationRow & { daysLeft: number }): AwardDeclarationDto {
  const open = row.state !== 'accepted' && row.state !== 'withdrawn';
  return {
    awardDecisionId: row.awardDecisionId,
    learnerId: row.learnerId,
    firstNames: row.firstNames,
    lastName: row.lastName,
    certificationCode: row.certificationCode,
    awardedOn: row.awardedOn,
    deadline: row.deadline,
    daysLeft: open ? row.daysLeft : null,
    state: row.state,
    missing: row.state === 'not_declarable' ? row.missing : [],
    idTechnique: row.idTechnique,
    fileId: row.fileId,
    messages: row.messages,
  };
}

export class AwardDeclarationPageDto {
  @ApiProperty({ type: [AwardDeclarationDto] }) items: AwardDeclarationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class StatusQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41296' })
  @Omittable()
  @IsString()
  @Matches(/^RNCP[0-9]+$/, { message: 'certificationCode must be an RNCP code (RNCP41296)' })
  certificationCode?: string;

  @ApiPropertyOptional({ enum: DECLARATION_STATES })
  @Omittable()
  @IsIn(DECLARATION_STATES)
  state?: DeclarationState;
}

export class ExportResultDto extends DeclarationFileDto {
  @ApiProperty({ description: 'Awards left out because their holder is not declarable yet (see the status listing)' })
  notDeclarable: number;
  @ApiProperty({ description: 'Awards to declare beyond the CDC limit of 200,000 passages per file: for the next file' }) remaining: number;
  @ApiProperty({
    type: [AwardDeclarationDto],
    description:
      'Awards declared to the CDC then taken back by a correcting decision: the format has no deletion, remove them on the portal',
  })
  withdrawn: AwardDeclarationDto[];
}

export class ReportResultDto {
  @ApiProperty({ format: 'uuid' }) fileId: string;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ description: "Passages of the file the report does not mention (they stay 'declared')" }) notInReport: number;
}
