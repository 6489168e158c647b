import { ApiProperty } from '@nestjs/swagger';

export class ImportRejectionDto {
  @ApiProperty({ example: 'RNCP12345', description: 'NUMERO_FICHE, or the fiche id or position when it has none' }) code: string;
  @ApiProperty({ example: 'DATE_FIN_ENREGISTREMENT is not a date: "31/02/2024"' }) reason: string;
}

/** What an import did, fiche by fiche, summed up. */
export class ImportReportDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty({ description: 'Fiches whose certification already held exactly this content' }) unchanged: number;
  @ApiProperty({ type: [ImportRejectionDto] }) rejected: ImportRejectionDto[];
}
