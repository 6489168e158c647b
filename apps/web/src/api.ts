// The REST API client: bearer tokens, one refresh on a 401 (the refresh token is single use, so concurrent
// requests share one refresh), and problem documents (RFC 9457) turned into ApiError.

export type Role = 'admin' | 'trainer' | 'jury_member' | 'learner';

export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  organisationId: string;
  learnerId: string | null;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface FieldError {
  field: string;
  message: string;
  /** For a spreadsheet import: the line refused. */
  line?: number;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }
}

/** The session ended (refresh refused): the app goes back to sign-in with a message. */
export class SessionExpiredError extends Error {}

const SESSION_KEY = 'ct.session';

interface ApiRequest {
  method: string;
  body?: unknown;
  raw?: string | Blob;
  headers?: Record<string, string>;
}

/** Per tab, so closing the browser ends it; a reload keeps it. */
function readStoredTokens(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

type Listener = (user: User | null, reason?: 'expired') => void;

class ApiClient {
  private tokens: Tokens | null = readStoredTokens();
  private refreshing: Promise<boolean> | null = null;
  private listeners = new Set<Listener>();

  get user(): User | null {
    return this.tokens?.user ?? null;
  }

  onSessionChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setTokens(tokens: Tokens | null, reason?: 'expired'): void {
    this.tokens = tokens;
    if (tokens) sessionStorage.setItem(SESSION_KEY, JSON.stringify(tokens));
    else sessionStorage.removeItem(SESSION_KEY);
    for (const listener of this.listeners) listener(tokens?.user ?? null, reason);
  }

  async signIn(email: string, password: string): Promise<User> {
    const tokens = await this.send<Tokens>('/api/auth/login', { method: 'POST', body: { email, password } }, false);
    this.setTokens(tokens);
    return tokens.user;
  }

  /** Signs out here at once, and has the API revoke the refresh token (a copy of it can no longer open a session). */
  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.setTokens(null);
    if (!refreshToken) return;
    // Best effort: offline, the token still lapses at its expiry.
    await this.fetchOnce('/api/auth/logout', { method: 'POST', body: { refreshToken } }).catch(() => undefined);
  }

  private refresh(): Promise<boolean> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return Promise.resolve(false);
    this.refreshing ??= this.send<Tokens>('/api/auth/refresh', { method: 'POST', body: { refreshToken } }, false)
      .then((tokens) => {
        this.setTokens(tokens);
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) return false;
        throw error;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async get<T>(path: string): Promise<T> {
    return this.send<T>(path, { method: 'GET' });
  }

  async post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.send<T>(path, { method: 'POST', body, headers });
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>(path, { method: 'PATCH', body });
  }

  async delete<T>(path: string): Promise<T> {
    return this.send<T>(path, { method: 'DELETE' });
  }

  /** A raw body (a CSV spreadsheet…) of the given media type. */
  async postRaw<T>(path: string, body: string | Blob, contentType: string, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>(path, { method: 'POST', raw: body, headers: { ...headers, 'content-type': contentType } });
  }

  /** A file the API answers behind the bearer token, saved under its name. */
  async download(path: string, filename: string): Promise<void> {
    const response = await this.fetchAuthorised(path, { method: 'GET' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** A document the API answers behind the bearer token, as bytes (to fingerprint what is read before signing it). */
  async bytes(path: string): Promise<ArrayBuffer> {
    return (await this.fetchAuthorised(path, { method: 'GET' })).arrayBuffer();
  }

  private async send<T>(path: string, init: ApiRequest, authorised = true): Promise<T> {
    const response = authorised ? await this.fetchAuthorised(path, init) : await this.fetchOnce(path, init);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private async fetchAuthorised(path: string, init: ApiRequest): Promise<Response> {
    if (!this.tokens) throw new SessionExpiredError();
    try {
      return await this.fetchOnce(path, init);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      if (!(await this.refresh())) {
        this.setTokens(null, 'expired');
        throw new SessionExpiredError();
      }
      return this.fetchOnce(path, init);
    }
  }

  private async fetchOnce(path: string, init: ApiRequest): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json, */*', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (this.tokens && !path.startsWith('/api/auth/')) headers.authorization = `Bearer ${this.tokens.accessToken}`;
    const response = await fetch(path, {
      method: init.method,
      headers,
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    if (response.ok) return response;
    let problem: Problem | null = null;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
}

export const api = new ApiClient();

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a paginated list, 500 at a time. */
export async function getAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api.get<Page<T>>(`${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
