/**
 * What a caller can compare between two problem answers: status, media type and body, less `instance`
 * (the path asked, which differs by construction). Two answers equal under this tell the caller nothing apart.
 */
export function withoutInstance(response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }): {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
} {
  const { instance: _instance, ...body } = response.body;
  return { status: response.status, contentType: response.headers['content-type'], body };
}
