import { Injectable, PipeTransform, UnsupportedMediaTypeException } from '@nestjs/common';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The raw body of a spreadsheet import: text for text/csv, bytes for XLSX (see the app's content-type parsers). */
@Injectable()
export class SpreadsheetBodyPipe implements PipeTransform<unknown, string | Buffer> {
  transform(body: unknown): string | Buffer {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new UnsupportedMediaTypeException(`Send the spreadsheet as the raw body with Content-Type: text/csv or ${XLSX_MEDIA_TYPE}`);
    }
    return body;
  }
}
