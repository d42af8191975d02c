/**
 * Every TanStack Query key in one place. A key is a path: invalidating a prefix (`keys.appointments.all`)
 * refreshes everything under it, so each factory below starts from its list's root.
 */
export const keys = {
  patients: {
    all: ['patients'] as const,
    search: (query: unknown, cursor: string | undefined, pageSize: number) =>
      ['patients', query, cursor, pageSize] as const,
  },
  patient: (id: string | null | undefined) => ['patient', id] as const,
  accessLog: (patientId: string, cursor: string | undefined) => ['accessLog', patientId, cursor] as const,

  observations: {
    of: (patientId: string) => ['observations', patientId] as const,
    page: (patientId: string, code: string, cursor: string | undefined) =>
      ['observations', patientId, 'page', code, cursor] as const,
    trend: (patientId: string, code: string) => ['observations', patientId, 'trend', code] as const,
    /** The last year of every code, as the printable summary shows it. */
    lastYear: (patientId: string) => ['observations', patientId, 'last-year'] as const,
  },
  risk: {
    of: (patientId: string) => ['risk', patientId] as const,
    as: (patientId: string, race: string) => ['risk', patientId, race] as const,
  },

  practitioners: ['practitioners'] as const,
  availability: (practitionerId: string) => ['availability', practitionerId] as const,
  appointmentTypes: {
    all: ['appointment-types'] as const,
    list: (filters: unknown) => ['appointment-types', filters] as const,
  },
  appointments: {
    all: ['appointments'] as const,
    ofPatient: (patientId: string) => ['appointments', 'patient', patientId] as const,
    schedule: (practitionerId: string, from: string, to: string) =>
      ['appointments', 'schedule', practitionerId, from, to] as const,
    today: (dayOfEach: string[]) => ['appointments', 'today', dayOfEach] as const,
    coming: (start: string) => ['appointments', 'coming', start] as const,
    /** Under appointments: a reschedule or cancel (which invalidates `all`) refreshes them too. */
    reminders: (appointmentId: string) => ['appointments', 'reminders', appointmentId] as const,
    /** Free slots live under appointments: any booking or change refreshes them. */
    slots: (query: unknown) => ['appointments', 'slots', query] as const,
    series: (seriesId: string) => ['appointments', 'series', seriesId] as const,
    attendance: (patientId: string) => ['appointments', 'attendance', patientId] as const,
  },
  reminderOutbox: (cursor: string | undefined) => ['reminder-outbox', cursor] as const,
  appointment: (id: string | null | undefined) => ['appointment', id] as const,

  users: {
    all: ['users'] as const,
    everyone: ['users', 'all'] as const,
    page: (filters: unknown, cursor: string | undefined) => ['users', filters, cursor] as const,
  },
  audit: (filters: unknown, cursor: string | undefined) => ['audit', filters, cursor] as const,

  /** `patientId` null: the knowledge base. */
  documents: (patientId: string | null) => ['documents', patientId ?? 'knowledge'] as const,
  documentContent: (documentId: string) => ['document-content', documentId] as const,

  conversations: ['conversations'] as const,
  conversation: (id: string | null | undefined) => ['conversation', id] as const,
};
