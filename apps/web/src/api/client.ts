import type {
  CsvPreview,
  CsvPreviewInput,
  CsvRunInput,
  CsvUpload,
  ImportReport,
  AssistantAnswer,
  AssistantProviderName,
  AssistantQuestion,
  ConversationPage,
  ConversationWithMessages,
  DocumentMeta,
  DocumentPage,
  LabValueProposals,
  Appointment,
  AppointmentInput,
  AppointmentListQuery,
  AppointmentPage,
  AppointmentType,
  AppointmentTypeInput,
  AppointmentTypeListQuery,
  AppointmentTypePage,
  Attendance,
  Availability,
  AvailabilityInput,
  CancelInput,
  MoveInput,
  Practitioner,
  PractitionerInput,
  SeriesCreated,
  SlotList,
  SlotQuery,
  AuditPage,
  AuditQuery,
  LoginInput,
  OutboxPage,
  ReminderList,
  LoginResult,
  PasswordChangeInput,
  Observation,
  ObservationInput,
  ObservationListQuery,
  ObservationPage,
  Patient,
  PatientInput,
  PatientListQuery,
  PatientPage,
  PatientRisk,
  PractitionerPage,
  PractitionerListQuery,
  User,
  UserCreateInput,
  UserListQuery,
  UserPage,
  UserUpdateInput,
} from '@medicare/contracts';

export type RiskRace = PatientRisk['inputs']['race'];

/** A record with the ETag the API sent for it; PUT sends it back as If-Match. */
export type Versioned<T> = { data: T; etag: string };
export type PageParams = { limit?: number; cursor?: string };

/**
 * Everything the app asks of the API. The app talks only to this interface, `createHttpApiClient`'s;
 * page tests use the same client against the real API (test/clinic.ts). Types come from @medicare/contracts.
 */
export interface ApiClient {
  login(input: LoginInput): Promise<LoginResult>;
  /** Rotates the refresh cookie. Concurrent calls share one request. */
  refresh(): Promise<LoginResult>;
  logout(): Promise<void>;
  me(): Promise<User>;
  /** The signed-in user's own password; other sessions end, this one gets new tokens. */
  changePassword(input: PasswordChangeInput): Promise<LoginResult>;
  /** Called when the session ends underneath the app (refresh refused). */
  onSessionLost(listener: () => void): () => void;

  listPatients(query: PatientListQuery): Promise<PatientPage>;
  getPatient(id: string): Promise<Versioned<Patient>>;
  createPatient(input: PatientInput, options?: { allowDuplicate?: boolean }): Promise<Versioned<Patient>>;
  updatePatient(id: string, input: PatientInput, etag: string): Promise<Versioned<Patient>>;
  patientAccessLog(id: string, page: PageParams): Promise<AuditPage>;

  listObservations(patientId: string, query: ObservationListQuery): Promise<ObservationPage>;
  createObservation(patientId: string, input: ObservationInput): Promise<Observation>;
  deleteObservation(patientId: string, observationId: string): Promise<void>;
  /**
   * The patient's whole record as a FHIR R4 Bundle (`Patient/$everything`, application/fhir+json),
   * as bytes to save: the right of access, audited by the API like any read.
   */
  recordBundle(patientId: string): Promise<Blob>;
  /** 422 RISK_INPUTS_MISSING (details.missing, issues) or RISK_INPUT_OUT_OF_RANGE (issues) when there is no score. */
  patientRisk(patientId: string, race?: RiskRace): Promise<PatientRisk>;

  listPractitioners(query: PractitionerListQuery): Promise<PractitionerPage>;
  createPractitioner(input: PractitionerInput): Promise<Versioned<Practitioner>>;
  updatePractitioner(id: string, input: PractitionerInput, etag: string): Promise<Versioned<Practitioner>>;
  /** Weekly hours and dated exceptions, in the practitioner's own zone (`isDefault`: none set yet). */
  getAvailability(practitionerId: string): Promise<Availability>;
  putAvailability(practitionerId: string, input: AvailabilityInput): Promise<Availability>;

  listAppointmentTypes(query: AppointmentTypeListQuery): Promise<AppointmentTypePage>;
  createAppointmentType(input: AppointmentTypeInput): Promise<Versioned<AppointmentType>>;
  updateAppointmentType(
    id: string,
    input: AppointmentTypeInput,
    etag: string,
  ): Promise<Versioned<AppointmentType>>;
  /** Bookable start times of a type, in start order (no practitioner: "next available" across all). */
  listSlots(query: SlotQuery): Promise<SlotList>;

  listAppointments(query: AppointmentListQuery): Promise<AppointmentPage>;
  patientAppointments(
    patientId: string,
    query: Omit<AppointmentListQuery, 'patientId'>,
  ): Promise<AppointmentPage>;
  getAppointment(id: string): Promise<Versioned<Appointment>>;
  createAppointment(input: AppointmentInput): Promise<Versioned<Appointment>>;
  /** A recurring series (`input.recurrence`): all of it, or 409 naming each clash, or the free ones. */
  createSeries(input: AppointmentInput): Promise<SeriesCreated>;
  /** Cancel one appointment or, for a series, this one and those after it, or all (answers every one changed). */
  cancelAppointment(id: string, input: CancelInput): Promise<Appointment[]>;
  /**
   * Undo a cancellation shortly after it, with every occurrence cancelled together (422
   * UNDO_WINDOW_PASSED later; 409 when the time was taken meanwhile).
   */
  restoreAppointment(id: string): Promise<Appointment[]>;
  /** Move to another time (and practitioner); a series' later occurrences move by the same shift. */
  moveAppointment(id: string, input: MoveInput): Promise<Appointment[]>;
  /** How often the patient did not come. */
  patientAttendance(patientId: string): Promise<Attendance>;
  updateAppointment(id: string, input: AppointmentInput, etag: string): Promise<Versioned<Appointment>>;

  listUsers(query: UserListQuery): Promise<UserPage>;
  createUser(input: UserCreateInput): Promise<User>;
  updateUser(id: string, input: UserUpdateInput): Promise<User>;
  /** Lifts the account-wide sign-in lock (admin). */
  unlockUser(id: string): Promise<void>;

  listAudit(query: AuditQuery): Promise<AuditPage>;

  /** An appointment's reminders and their delivery status. */
  appointmentReminders(appointmentId: string): Promise<ReminderList>;
  /** Reminders kept for the desk when no SMTP/SMS provider is configured (staff). */
  reminderOutbox(page: PageParams): Promise<OutboxPage>;
  /** A CSV file of patients (sent as text/csv): its columns and the API's guess of the mapping (admins). */
  uploadCsv(file: File, options?: { onProgress?: (fraction: number) => void }): Promise<CsvUpload>;
  /** The first rows as they would be stored, each with its problems and likely duplicates. */
  previewCsv(uploadId: string, input: CsvPreviewInput): Promise<CsvPreview>;
  /** Imports the file (or, with `dryRun`, only says what an import would do). */
  runCsvImport(uploadId: string, input: CsvRunInput): Promise<ImportReport>;
  /** The rejected rows as uploaded, with a `problems` column: a CSV file to correct and upload again. */
  rejectedCsv(uploadId: string): Promise<Blob>;

  /** `patientId` null: the clinic's knowledge base (/api/knowledge/documents). */
  listDocuments(patientId: string | null, page: PageParams): Promise<DocumentPage>;
  /** multipart: `file`, optional `title`; `onProgress` gets the fraction of the bytes sent (0–1). */
  uploadDocument(
    patientId: string | null,
    file: File,
    options?: { title?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
  ): Promise<DocumentMeta>;
  /** The file's bytes (403 for front desk); `download` asks for `Content-Disposition: attachment`. */
  documentContent(
    patientId: string | null,
    documentId: string,
    options?: { download?: boolean },
  ): Promise<Blob>;
  deleteDocument(patientId: string | null, documentId: string): Promise<void>;
  /** Lab values read from a patient's document, proposed only: nothing is recorded (clinicians). */
  labValues(patientId: string, documentId: string): Promise<LabValueProposals>;

  /** REST: one answer, whole. */
  ask(question: AssistantQuestion): Promise<AssistantAnswer>;
  /**
   * Streams the answer over the /ws socket (`onToken` gets each piece in order) and resolves with the
   * `done` frame; falls back to `ask` when the socket cannot be used.
   */
  askStreaming(question: AssistantQuestion, events: AssistantStreamEvents): Promise<AssistantAnswer>;
  listConversations(page: PageParams): Promise<ConversationPage>;
  getConversation(id: string): Promise<ConversationWithMessages>;
  /** Server voice (501 VOICE_NOT_CONFIGURED without it): Polly audio, Transcribe text. */
  speech(text: string): Promise<Blob>;
  transcribe(audio: Blob): Promise<string>;
}

export type AssistantStreamEvents = {
  onStart?: (provider: AssistantProviderName) => void;
  onToken?: (text: string) => void;
  /** The socket could not be used and the answer comes over REST, whole. */
  onFallback?: () => void;
};

/** The ETag of a record read from a list (the API's ETag is its version, quoted). */
export const etagOf = (record: { version: number }) => `"${record.version}"`;

/** The input a PUT needs to leave an appointment as it is, apart from `changes`. */
export function appointmentInput(
  appointment: Appointment,
  changes: Partial<AppointmentInput> = {},
): AppointmentInput {
  const input: AppointmentInput = {
    patientId: appointment.patientId,
    practitionerId: appointment.practitionerId,
    start: appointment.start,
    end: appointment.end,
    status: appointment.status,
  };
  if (appointment.reason !== null) input.reason = appointment.reason;
  if (appointment.notes !== null) input.notes = appointment.notes;
  if (appointment.appointmentTypeId !== null) input.appointmentTypeId = appointment.appointmentTypeId;
  return { ...input, ...changes };
}
