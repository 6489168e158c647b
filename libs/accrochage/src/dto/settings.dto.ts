import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, ValidateNested } from 'class-validator';
import { NATURES_DEPOSANT, NatureDeposant } from '@project/domain';
import { CertifierSettingsRow } from '../rows';

export class CertificationSettingDto {
  @ApiProperty({ example: 'RNCP41296' })
  @IsString()
  @Matches(/^RNCP[0-9]+$/, { message: 'certificationCode must be an RNCP code (RNCP41296)' })
  certificationCode: string;

  @ApiProperty({ enum: NATURES_DEPOSANT, description: 'Who files the declaration for this certification' })
  @IsIn(NATURES_DEPOSANT)
  natureDeposant: NatureDeposant;
}

/** The certifier's CDC identifiers and, per certification, the natureDeposant: what every declaration file needs. */
export class UpdateCpfSettingsDto {
  @ApiProperty({ example: 'AB12CD34', description: 'The CDC client id: 8 letters or digits' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{8}$/, { message: 'cdcClientId must be 8 letters or digits' })
  cdcClientId: string;

  @ApiProperty({ example: 'CTR-2026', description: 'The CDC contract id: 1 to 20 letters, digits, - or _' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'cdcContractId must be 1 to 20 letters, digits, - or _' })
  cdcContractId: string;

  @ApiProperty({ type: [CertificationSettingDto], description: 'Replaces the list: a certification left out has no natureDeposant' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CertificationSettingDto)
  certifications: CertificationSettingDto[];
}

export class CpfSettingsDto {
  @ApiProperty({ nullable: true, type: String }) cdcClientId: string | null;
  @ApiProperty({ nullable: true, type: String }) cdcContractId: string | null;
  @ApiProperty({ type: [CertificationSettingDto] }) certifications: CertificationSettingDto[];
}

export function mapSettings(row: CertifierSettingsRow): CpfSettingsDto {
  return { cdcClientId: row.cdcClientId, cdcContractId: row.cdcContractId, certifications: row.certifications };
}
