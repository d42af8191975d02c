import type { AssistantAnswer, DocumentMeta, LoginResult } from '@medicare/contracts';
import type { ApiClient } from './client';
import type { AssistantSocket } from './assistant-socket';
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
  const documentsPath = (patientId: string | null) =>
    patientId === null ? '/api/knowledge/documents' : `/api/patients/${id(patientId)}/documents`;

  async function freshToken(): Promise<string> {
    if (!accessToken || Date.now() > expiresAt - EARLY_REFRESH_MS) await renewOrLose();
    return accessToken!;
  }

  /** Like `call`, but the body as it came (a file's bytes). */
  async function blob(path: string, query?: Query): Promise<Blob> {
    await freshToken();
    const get = () =>
      fetch(`${baseUrl}${path}${queryString(query)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        credentials: 'same-origin',
      }).catch(() => Promise.reject(networkError()));
    let response = await get();
    if (response.status === 401) {
      await renewOrLose();
      response = await get();
    }
    if (!response.ok) return fail(response);
    return response.blob();
  }

  /** POST a multipart form with XMLHttpRequest, whose upload events give progress (fetch has none). */
  function sendForm(path: string, form: FormData, onProgress?: (f: number) => void, signal?: AbortSignal) {
    return new Promise<{ status: number; body: string; retryAfter: string | null }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${baseUrl}${path}`);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('authorization', `Bearer ${accessToken}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
      };
      xhr.onload = () =>
        resolve({
          status: xhr.status,
          body: xhr.responseText,
          retryAfter: xhr.getResponseHeader('retry-after'),
        });
      xhr.onerror = () => reject(networkError());
      xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  }

  async function upload(
    path: string,
    file: File,
    options: { title?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ): Promise<DocumentMeta> {
    const form = new FormData();
    if (options.title) form.set('title', options.title);
    form.set('file', file, file.name);
    await freshToken();
    let result = await sendForm(path, form, options.onProgress, options.signal);
    if (result.status === 401) {
      await renewOrLose();
      result = await sendForm(path, form, options.onProgress, options.signal);
    }
    const response = new Response(result.body || null, {
      status: result.status,
      headers: result.retryAfter ? { 'retry-after': result.retryAfter } : {},
    });
    if (!response.ok) return fail(response);
    return (await response.json()) as DocumentMeta;
  }

  let socket: Promise<AssistantSocket> | null = null;
  /** One socket for the session, opened on the first question and again after it closes. */
  function assistantSocket(): Promise<AssistantSocket> {
    // The socket code loads with the first question (it is the assistant page's, not the first visit's).
    socket ??= Promise.all([freshToken(), import('./assistant-socket')])
      .then(([token, { openAssistantSocket }]) => openAssistantSocket(baseUrl, token, () => (socket = null)))
      .catch((error: unknown) => {
        socket = null;
        throw error;
      });
    return socket;
  }

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
    async changePassword(input) {
      return remember(await json<LoginResult>('POST', '/api/auth/password', { body: input }));
    },
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
    unlockUser: (userId) => json('DELETE', `/api/users/${id(userId)}/lock`),

    listAudit: (query) => json('GET', '/api/audit', { query }),

    listDocuments: (patientId, page) => json('GET', documentsPath(patientId), { query: page }),
    uploadDocument: (patientId, file, options = {}) => upload(documentsPath(patientId), file, options),
    documentContent: (patientId, documentId, options) =>
      blob(
        `${documentsPath(patientId)}/${id(documentId)}/content`,
        options?.download ? { download: true } : undefined,
      ),
    deleteDocument: (patientId, documentId) =>
      json('DELETE', `${documentsPath(patientId)}/${id(documentId)}`),

    ask: (question) => json<AssistantAnswer>('POST', '/api/assistant/messages', { body: question }),
    async askStreaming(question, events) {
      let open: AssistantSocket;
      try {
        open = await assistantSocket();
        const token = await freshToken();
        if (token !== open.token) open.authenticate(token);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw error;
        events.onFallback?.();
        return json<AssistantAnswer>('POST', '/api/assistant/messages', { body: question });
      }
      try {
        return await open.ask(question, events);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'SocketUnavailable')) throw error;
        events.onFallback?.();
        return json<AssistantAnswer>('POST', '/api/assistant/messages', { body: question });
      }
    },
    listConversations: (page) => json('GET', '/api/assistant/conversations', { query: page }),
    getConversation: (conversationId) => json('GET', `/api/assistant/conversations/${id(conversationId)}`),
    async speech(text) {
      await freshToken();
      const response = await fetch(`${baseUrl}/api/assistant/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      }).catch(() => Promise.reject(networkError()));
      if (!response.ok) return fail(response);
      return response.blob();
    },
    async transcribe(audio) {
      await freshToken();
      const response = await fetch(`${baseUrl}/api/assistant/transcriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': audio.type || 'audio/ogg' },
        body: audio,
      }).catch(() => Promise.reject(networkError()));
      if (!response.ok) return fail(response);
      return ((await response.json()) as { text: string }).text;
    },
  };
}
