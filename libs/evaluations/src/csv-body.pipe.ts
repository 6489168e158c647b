import { Injectable, PipeTransform, UnsupportedMediaTypeException } from '@nestjs/common';

/** The raw text body of a text/csv request (parsed as a string by the app's content-type parser). */
@Injectable()
export class CsvBodyPipe implements PipeTransform<unknown, string> {
  transform(body: unknown): string {
    if (typeof body !== 'string') throw new UnsupportedMediaTypeException('Send the spreadsheet as the raw body with Content-Type: text/csv');
    return body;
  }
}
