/** The file as a whole cannot be read (not a zip or XML, truncated, malformed): nothing is written. */
export class ExportFormatError extends Error {
  constructor(
    message: string,
    readonly kind: 'unsupported' | 'malformed' = 'malformed',
  ) {
    super(message);
    this.name = 'ExportFormatError';
  }
}
