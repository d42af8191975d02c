import type { LoginResult } from '@medicare/contracts';
import type { ApiClient } from './client';
import { ApiError, networkError } from './errors';

type Query = Record<string, string | number | boolean | undefined>;
type Options = { query?: Query | undefined; body?: unknown; ifMatch?: string; auth?: boolean };

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

/**
 * The browser's client. The access token lives in this object only (never in storage); the refresh
 * token is an HttpOnly cookie the browser sends to /api/auth. One refresh at a time: presenting a
 * rotated refresh token twice ends the session by design.
 */
export function createHttpApiClient(baseUrl = ''): ApiClient {
  let accessToken: string | null = null;
  let expiresAt = 0;
  let inflight: Promise<LoginResult> | null = null;
  const lostListeners = new Set<() => void>();

  function remember(result: LoginResult) {
    accessToken = result.accessToken;
    expiresAt = Date.now() + result.expiresIn * 1000;
    return result;
  }

  async function send(method: string, path: string, options: Options): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.auth !== false && accessToken) headers.authorization = `Bearer ${accessToken}`;
    try {
      return await fetch(`${baseUrl}${path}${queryString(options.query)}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? null : JSON.stringify(options.body),
      });
    } catch {
      throw networkError();
    }
  }

  async function fail(response: Response): Promise<never> {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    let body: { code?: string; message?: string } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // Not JSON (a proxy's page): fall through to a generic error.
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

  function refresh(): Promise<LoginResult> {
    inflight ??= withTabLock(async () => {
      const response = await send('POST', '/api/auth/refresh', { auth: false });
      if (!response.ok) {
        accessToken = null;
        return fail(response);
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

  async function call<T>(
    method: string,
    path: string,
    options: Options = {},
  ): Promise<{ data: T; response: Response }> {
    if (options.auth !== false && (!accessToken || Date.now() > expiresAt - EARLY_REFRESH_MS))
      await renewOrLose();
    let response = await send(method, path, options);
    if (response.status === 401 && options.auth !== false) {
      await renewOrLose();
      response = await send(method, path, options);
    }
    if (!response.ok) return fail(response);
    const data = (response.status === 204 ? undefined : await response.json()) as T;
    return { data, response };
  }

  const json = async <T>(method: string, path: string, options?: Options) =>
    (await call<T>(method, path, options)).data;
  const versioned = async <T extends { version: number }>(
    method: string,
    path: string,
    options?: Options,
  ) => {
    const { data, response } = await call<T>(method, path, options);
    return { data, etag: response.headers.get('etag') ?? `"${data.version}"` };
  };
  const id = encodeURIComponent;

  return {
    async login(input) {
      const response = await send('POST', '/api/auth/login', { body: input, auth: false });
      if (!response.ok) return fail(response);
      return remember((await response.json()) as LoginResult);
    },
    refresh,
    async logout() {
      try {
        await send('POST', '/api/auth/logout', { auth: true });
      } finally {
        accessToken = null;
      }
    },
    me: () => json('GET', '/api/auth/me'),
    onSessionLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },

    listPatients: (query) => json('GET', '/api/patients', { query }),
    getPatient: (patientId) => versioned('GET', `/api/patients/${id(patientId)}`),
    createPatient: (input, options) =>
      versioned('POST', '/api/patients', {
        body: input,
        query: options?.allowDuplicate ? { allowDuplicate: true } : undefined,
      }),
    updatePatient: (patientId, input, etag) =>
      versioned('PUT', `/api/patients/${id(patientId)}`, { body: input, ifMatch: etag }),
    patientAccessLog: (patientId, page) =>
      json('GET', `/api/patients/${id(patientId)}/access-log`, { query: page }),

    listObservations: (patientId, query) =>
      json('GET', `/api/patients/${id(patientId)}/observations`, { query }),
    createObservation: (patientId, input) =>
      json('POST', `/api/patients/${id(patientId)}/observations`, { body: input }),
    deleteObservation: (patientId, observationId) =>
      json('DELETE', `/api/patients/${id(patientId)}/observations/${id(observationId)}`),
    patientRisk: (patientId, race) => json('GET', `/api/patients/${id(patientId)}/risk`, { query: { race } }),

    listPractitioners: (query) => json('GET', '/api/practitioners', { query }),

    listAppointments: (query) => json('GET', '/api/appointments', { query }),
    patientAppointments: (patientId, query) =>
      json('GET', `/api/appointments/patient/${id(patientId)}`, { query }),
    getAppointment: (appointmentId) => versioned('GET', `/api/appointments/${id(appointmentId)}`),
    createAppointment: (input) => versioned('POST', '/api/appointments', { body: input }),
    updateAppointment: (appointmentId, input, etag) =>
      versioned('PUT', `/api/appointments/${id(appointmentId)}`, { body: input, ifMatch: etag }),

    listUsers: (query) => json('GET', '/api/users', { query }),
    createUser: (input) => json('POST', '/api/users', { body: input }),
    updateUser: (userId, input) => json('PUT', `/api/users/${id(userId)}`, { body: input }),

    listAudit: (query) => json('GET', '/api/audit', { query }),
  };
}
