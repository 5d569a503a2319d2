/**
 * Requests to Margin's REST API from the browser: the session cookie rides along, writes carry the
 * CSRF token, and every failure becomes an {@link ApiError} built from the server's problem JSON.
 */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Record<string, string>;
  currentRevision?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }
}

const CSRF_HEADER = 'X-XSRF-TOKEN';
let csrfToken: string | null = null;

/** The CSRF token: the one the server handed out last, else the XSRF-TOKEN cookie. */
export function csrf(): string | null {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : csrfToken;
}

/** Asks the server for a fresh CSRF token (it changes when the user logs in). */
export async function refreshCsrf(): Promise<string> {
  const answer = await fetch('/api/csrf', { credentials: 'same-origin' });
  const body = (await answer.json()) as { token: string };
  csrfToken = body.token;
  return body.token;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof URLSearchParams) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET') {
    const token = csrf() ?? (await refreshCsrf());
    headers[CSRF_HEADER] = token;
  }
  let answer: Response;
  try {
    answer = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, title: 'Network error', detail: 'The server cannot be reached; nothing was changed.' });
  }
  if (answer.status === 204) {
    return undefined as T;
  }
  const text = await answer.text();
  const json = text ? safeJson(text) : undefined;
  if (answer.status === 401 && path !== '/api/login' && path !== '/api/me' && !location.hash.startsWith('#/login')) {
    // The session ended (expired, or logged out elsewhere): log in again, then come back.
    location.hash = '#/login';
  }
  if (!answer.ok) {
    const problem = (json && typeof json === 'object' ? json : {}) as Problem;
    throw new ApiError({ ...problem, status: answer.status, title: problem.title ?? answer.statusText });
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);
