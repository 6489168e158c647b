import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Omittable, validationProblem } from '../http/params';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor" })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through to the 400 below
  }
  throw validationProblem('cursor', 'cursor is not one this API issued');
}

/** Fetch limit+1 rows, then cut: the extra row tells whether a next page exists. */
export function toPage<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => unknown[], map: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
