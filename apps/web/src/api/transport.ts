import type { LoginInput, LoginResult } from '@medicare/contracts';
import { ApiError, networkError } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

/** One request: a JSON `json` body, or raw `body` bytes (a form, a file, audio) with their own type. */
export type RequestOptions = {
  query?: Query | undefined;
  json?: unknown;
  body?: FormData | Blob;
  /** For a Blob body; a FormData body sets its own (with the boundary). */
  contentType?: string;
  /** What the answer should be; JSON unless the call wants bytes. */
  accept?: string;
  ifMatch?: string;
  /** false: send no token and never refresh (sign-in, refresh itself). */
  auth?: boolean;
  /** Fraction of the body sent (0–1); such a request goes by XMLHttpRequest, whose upload events fetch lacks. */
  onUploadProgress?: ((fraction: number) => void) | undefined;
  signal?: AbortSignal | undefined;
};

export type Transport = {
  /**
   * Every call to the API goes through here: a token fresh enough to last the request, one refresh
   * and one retry on 401, and any other failure thrown as an `ApiError`. Resolves with the OK response.
   */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** A token that lasts a while yet (refreshed when close to expiry): for the socket's first frame. */
  freshToken(): Promise<string>;
  login(input: LoginInput): Promise<LoginResult>;
  /** Rotates the refresh cookie. Concurrent calls share one request. */
  refresh(): Promise<LoginResult>;
  logout(): Promise<void>;
  /** Holds the tokens of a result that came another way (a password change issues new ones). */
  adopt(result: LoginResult): LoginResult;
  onSessionLost(listener: () => void): () => void;
};

/** Refresh this long before the access token expires. */
const EARLY_REFRESH_MS = 30_000;

function queryString(query: Query | undefined) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Runs `task` holding a lock every tab of this origin shares, so two tabs never rotate the cookie at once. */
function withTabLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('medicare-hub-refresh', task) as Promise<T>) : task();
}

type OperationOutcome = {
  resourceType?: unknown;
  issue?: {
    code?: string;
    diagnostics?: string;
    details?: { text?: string; coding?: { system?: string; code?: string }[] };
  }[];
};

/** Where the API puts its own error code in an OperationOutcome (apps/api/src/modules/fhir/outcome.ts). */
const ERROR_SYSTEM = 'urn:medicare-hub:error';

/**
 * The FHIR routes answer errors as an OperationOutcome: its first issue carries the API's code (in
 * `details.coding`), the words (`details.text`) and the request id (`diagnostics`).
 */
function fromOperationOutcome<T extends { code?: string; message?: string; requestId?: string }>(
  body: T & OperationOutcome,
): { code?: string; message?: string; requestId?: string } {
  if (body.resourceType !== 'OperationOutcome') return body;
  const issue = body.issue?.[0];
  const code =
    issue?.details?.coding?.find((c) => c.system === ERROR_SYSTEM)?.code ??
    (issue?.code ? `FHIR_${issue.code.toUpperCase().replace(/-/g, '_')}` : undefined);
  const message = issue?.details?.text ?? issue?.diagnostics;
  const requestId = /request id (\S+)/.exec(issue?.diagnostics ?? '')?.[1];
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Turns a failed response into the API's error (a proxy's non-JSON page becomes a generic one). */
export async function failure(response: Response): Promise<never> {
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  let body: { code?: string; message?: string } = {};
  try {
    body = fromOperationOutcome((await response.json()) as typeof body & OperationOutcome);
  } catch {
    // Not JSON: fall through to a generic error.
  }
  throw new ApiError(
    response.status,
    {
      ...body,
      code: body.code ?? `HTTP_${response.status}`,
      message: body.message ?? `Request failed (${response.status})`,
    },
    retryAfter,
  );
}

/** A POST by XMLHttpRequest, answered as a fetch Response. */
function sendWithProgress(
  url: string,
  headers: Record<string, string>,
  body: FormData | Blob,
  onProgress: (fraction: number) => void,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'blob';
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const answer = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) answer.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const empty = xhr.status === 204 || xhr.status === 304;
      resolve(new Response(empty ? null : (xhr.response as Blob), { status: xhr.status, headers: answer }));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/**
 * The session and the one authorised transport. The access token lives in this closure only (never
 * in storage); the refresh token is an HttpOnly cookie the browser sends to /api/auth. One refresh at
 * a time: presenting a rotated refresh token twice ends the session by design.
 */
export function createTransport(baseUrl = ''): Transport {
  let accessToken: string | null = null;
  let expiresAt = 0;
  let inflight: Promise<LoginResult> | null = null;
  const lostListeners = new Set<() => void>();

  function remember(result: LoginResult) {
    accessToken = result.accessToken;
    expiresAt = Date.now() + result.expiresIn * 1000;
    return result;
  }

  /** One attempt, with the token held now. */
  async function once(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    let body: BodyInit | null = null;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      if (options.contentType) headers['content-type'] = options.contentType;
      body = options.body;
    }
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.auth !== false && accessToken) headers.authorization = `Bearer ${accessToken}`;
    const url = `${baseUrl}${path}${queryString(options.query)}`;
    if (options.onUploadProgress && options.body !== undefined && typeof XMLHttpRequest !== 'undefined')
      return sendWithProgress(url, headers, options.body, options.onUploadProgress, options.signal);
    try {
      return await fetch(url, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw networkError();
    }
  }

  function refresh(): Promise<LoginResult> {
    inflight ??= withTabLock(async () => {
      const response = await once('POST', '/api/auth/refresh', { auth: false });
      if (!response.ok) {
        accessToken = null;
        return failure(response);
      }
      return remember((await response.json()) as LoginResult);
    }).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function renewOrLose() {
    try {
      await refresh();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) for (const listener of lostListeners) listener();
      throw error;
    }
  }

  async function freshToken(): Promise<string> {
    if (!accessToken || Date.now() > expiresAt - EARLY_REFRESH_MS) await renewOrLose();
    return accessToken!;
  }

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const authorised = options.auth !== false;
    if (authorised) await freshToken();
    let response = await once(method, path, options);
    if (response.status === 401 && authorised) {
      await renewOrLose();
      response = await once(method, path, options);
    }
    if (!response.ok) return failure(response);
    return response;
  }

  return {
    request,
    freshToken,
    refresh,
    adopt: remember,
    async login(input) {
      const response = await request('POST', '/api/auth/login', { json: input, auth: false });
      return remember((await response.json()) as LoginResult);
    },
    async logout() {
      try {
        await once('POST', '/api/auth/logout', {});
      } finally {
        accessToken = null;
      }
    },
    onSessionLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
  };
}
