import type { AppointmentList, AssistantAnswer, DocumentMeta, LoginResult } from '@medicare/contracts';
import type { ApiClient } from './client';
import type { AssistantSocket } from './assistant-socket';
import { ApiError } from './errors';
import { createTransport, type RequestOptions } from './transport';

/**
 * The browser's client: each method is one call through the authorised transport (transport.ts),
 * which holds the session and does the refresh-and-retry for every call alike.
 */
export function createHttpApiClient(baseUrl = ''): ApiClient {
  const transport = createTransport(baseUrl);
  const { request, freshToken } = transport;

  const json = async <T>(method: string, path: string, options?: RequestOptions) => {
    const response = await request(method, path, options);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const versioned = async <T extends { version: number }>(
    method: string,
    path: string,
    options?: RequestOptions,
  ) => {
    const response = await request(method, path, options);
    const data = (await response.json()) as T;
    return { data, etag: response.headers.get('etag') ?? `"${data.version}"` };
  };
  /** The body as it came (a file's bytes, audio). */
  const bytes = async (method: string, path: string, options: RequestOptions = {}) =>
    (await request(method, path, { accept: '*/*', ...options })).blob();
  const id = encodeURIComponent;
  const documentsPath = (patientId: string | null) =>
    patientId === null ? '/api/knowledge/documents' : `/api/patients/${id(patientId)}/documents`;

  async function upload(
    path: string,
    file: File,
    options: { title?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ): Promise<DocumentMeta> {
    const form = new FormData();
    if (options.title) form.set('title', options.title);
    form.set('file', file, file.name);
    return json<DocumentMeta>('POST', path, {
      body: form,
      onUploadProgress: options.onProgress,
      signal: options.signal,
    });
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
    login: transport.login,
    refresh: transport.refresh,
    logout: transport.logout,
    me: () => json('GET', '/api/auth/me'),
    changePassword: async (input) =>
      transport.adopt(await json<LoginResult>('POST', '/api/auth/password', { json: input })),
    onSessionLost: transport.onSessionLost,

    listPatients: (query) => json('GET', '/api/patients', { query }),
    getPatient: (patientId) => versioned('GET', `/api/patients/${id(patientId)}`),
    createPatient: (input, options) =>
      versioned('POST', '/api/patients', {
        json: input,
        query: options?.allowDuplicate ? { allowDuplicate: true } : undefined,
      }),
    updatePatient: (patientId, input, etag) =>
      versioned('PUT', `/api/patients/${id(patientId)}`, { json: input, ifMatch: etag }),
    patientAccessLog: (patientId, page) =>
      json('GET', `/api/patients/${id(patientId)}/access-log`, { query: page }),

    listObservations: (patientId, query) =>
      json('GET', `/api/patients/${id(patientId)}/observations`, { query }),
    createObservation: (patientId, input) =>
      json('POST', `/api/patients/${id(patientId)}/observations`, { json: input }),
    deleteObservation: (patientId, observationId) =>
      json('DELETE', `/api/patients/${id(patientId)}/observations/${id(observationId)}`),
    recordBundle: (patientId) =>
      bytes('GET', `/fhir/R4/Patient/${id(patientId)}/$everything`, { accept: 'application/fhir+json' }),
    patientRisk: (patientId, race) => json('GET', `/api/patients/${id(patientId)}/risk`, { query: { race } }),

    listPractitioners: (query) => json('GET', '/api/practitioners', { query }),
    createPractitioner: (input) => versioned('POST', '/api/practitioners', { json: input }),
    updatePractitioner: (practitionerId, input, etag) =>
      versioned('PUT', `/api/practitioners/${id(practitionerId)}`, { json: input, ifMatch: etag }),
    getAvailability: (practitionerId) => json('GET', `/api/practitioners/${id(practitionerId)}/availability`),
    putAvailability: (practitionerId, input) =>
      json('PUT', `/api/practitioners/${id(practitionerId)}/availability`, { json: input }),

    listAppointmentTypes: (query) => json('GET', '/api/appointment-types', { query }),
    createAppointmentType: (input) => versioned('POST', '/api/appointment-types', { json: input }),
    updateAppointmentType: (typeId, input, etag) =>
      versioned('PUT', `/api/appointment-types/${id(typeId)}`, { json: input, ifMatch: etag }),
    listSlots: (query) => json('GET', '/api/slots', { query }),

    listAppointments: (query) => json('GET', '/api/appointments', { query }),
    patientAppointments: (patientId, query) =>
      json('GET', `/api/appointments/patient/${id(patientId)}`, { query }),
    getAppointment: (appointmentId) => versioned('GET', `/api/appointments/${id(appointmentId)}`),
    createAppointment: (input) => versioned('POST', '/api/appointments', { json: input }),
    createSeries: (input) => json('POST', '/api/appointments', { json: input }),
    cancelAppointment: async (appointmentId, input) =>
      (await json<AppointmentList>('POST', `/api/appointments/${id(appointmentId)}/cancel`, { json: input }))
        .items,
    restoreAppointment: async (appointmentId) =>
      (await json<AppointmentList>('POST', `/api/appointments/${id(appointmentId)}/undo-cancel`)).items,
    moveAppointment: async (appointmentId, input) =>
      (await json<AppointmentList>('POST', `/api/appointments/${id(appointmentId)}/move`, { json: input }))
        .items,
    patientAttendance: (patientId) => json('GET', `/api/appointments/patient/${id(patientId)}/attendance`),
    updateAppointment: (appointmentId, input, etag) =>
      versioned('PUT', `/api/appointments/${id(appointmentId)}`, { json: input, ifMatch: etag }),

    listUsers: (query) => json('GET', '/api/users', { query }),
    createUser: (input) => json('POST', '/api/users', { json: input }),
    updateUser: (userId, input) => json('PUT', `/api/users/${id(userId)}`, { json: input }),
    unlockUser: (userId) => json('DELETE', `/api/users/${id(userId)}/lock`),

    listAudit: (query) => json('GET', '/api/audit', { query }),

    appointmentReminders: (appointmentId) => json('GET', `/api/appointments/${id(appointmentId)}/reminders`),
    reminderOutbox: (page) => json('GET', '/api/appointment-reminders/outbox', { query: page }),
    uploadCsv: (file, options = {}) =>
      json('POST', '/api/imports/csv', {
        query: { fileName: file.name.slice(0, 200) || undefined },
        body: file,
        // Whatever the browser calls a .csv (Excel's type on Windows), the bytes go as text/csv.
        contentType: 'text/csv',
        onUploadProgress: options.onProgress,
      }),
    previewCsv: (uploadId, input) =>
      json('POST', `/api/imports/csv/${id(uploadId)}/preview`, { json: input }),
    runCsvImport: (uploadId, input) => json('POST', `/api/imports/csv/${id(uploadId)}/run`, { json: input }),
    rejectedCsv: (uploadId) =>
      bytes('GET', `/api/imports/csv/${id(uploadId)}/rejected`, { accept: 'text/csv' }),

    listDocuments: (patientId, page) => json('GET', documentsPath(patientId), { query: page }),
    labValues: (patientId, documentId) =>
      json('GET', `${documentsPath(patientId)}/${id(documentId)}/lab-values`),
    uploadDocument: (patientId, file, options = {}) => upload(documentsPath(patientId), file, options),
    documentContent: (patientId, documentId, options) =>
      bytes('GET', `${documentsPath(patientId)}/${id(documentId)}/content`, {
        query: options?.download ? { download: true } : undefined,
      }),
    deleteDocument: (patientId, documentId) =>
      json('DELETE', `${documentsPath(patientId)}/${id(documentId)}`),

    ask: (question) => json<AssistantAnswer>('POST', '/api/assistant/messages', { json: question }),
    async askStreaming(question, events) {
      let open: AssistantSocket;
      try {
        open = await assistantSocket();
        const token = await freshToken();
        if (token !== open.token) open.authenticate(token);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw error;
        events.onFallback?.();
        return json<AssistantAnswer>('POST', '/api/assistant/messages', { json: question });
      }
      try {
        return await open.ask(question, events);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'SocketUnavailable')) throw error;
        events.onFallback?.();
        return json<AssistantAnswer>('POST', '/api/assistant/messages', { json: question });
      }
    },
    listConversations: (page) => json('GET', '/api/assistant/conversations', { query: page }),
    getConversation: (conversationId) => json('GET', `/api/assistant/conversations/${id(conversationId)}`),
    speech: (text) => bytes('POST', '/api/assistant/speech', { json: { text } }),
    async transcribe(audio) {
      const answer = await json<{ text: string }>('POST', '/api/assistant/transcriptions', {
        body: audio,
        contentType: audio.type || 'audio/ogg',
      });
      return answer.text;
    },
  };
}
