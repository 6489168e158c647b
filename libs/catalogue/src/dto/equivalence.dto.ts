import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Omittable, PageQueryDto } from '@project/platform';

const BLOCK_CODE = /^RNCP\d+BC\d+$/;

export class CreateBlockEquivalenceDto {
  @ApiProperty({ example: 'RNCP35080BC01', description: 'A block of the replaced certification (it need not be in the catalogue)' })
  @Matches(BLOCK_CODE, { message: 'fromBlockCode must look like RNCP35080BC01' })
  fromBlockCode: string;
  @ApiProperty({ example: 'RNCP41336BC01' })
  @Matches(BLOCK_CODE, { message: 'toBlockCode must look like RNCP41336BC01' })
  toBlockCode: string;
}

export class BlockEquivalenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fromBlockCode: string;
  @ApiProperty() toBlockCode: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BlockEquivalencePageDto {
  @ApiProperty({ type: [BlockEquivalenceDto] }) items: BlockEquivalenceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListBlockEquivalencesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41336', description: 'Only equivalences towards blocks of this certification' })
  @Omittable()
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41336' })
  certificationCode?: string;
}

export function mapBlockEquivalence(row: BlockEquivalenceDto): BlockEquivalenceDto {
  return { id: row.id, fromBlockCode: row.fromBlockCode, toBlockCode: row.toBlockCode, createdAt: row.createdAt };
}
