import type {
  AssistantAnswer,
  AssistantQuestion,
  ConversationWithMessages,
  DocumentMeta,
  Appointment,
  AppointmentInput,
  AuditEvent,
  LoginResult,
  Observation,
  ObservationInput,
  ObservationListQuery,
  Patient,
  PatientInput,
  Practitioner,
  Role,
  User,
} from '@medicare/contracts';
import { OBSERVATION_TYPES } from '@medicare/contracts/observation-types';
import type { ApiClient, AssistantStreamEvents, RiskRace, Versioned } from '../src/api/client';
import { ApiError } from '../src/api/errors';
import { patientRisk, validateObservation } from './memory-clinical';
import { answerFor, pieces, sniff, voiceNotConfigured, type Passage } from './memory-assistant';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const now = () => new Date().toISOString();
const etag = (r: { version: number }) => `"${r.version}"`;
const fail = (status: number, code: string, message: string, extra: Partial<ApiError> = {}) =>
  new ApiError(status, { code, message, requestId: 'test', ...(extra as object) });

function page<T>(items: T[], limit = 20, cursor?: string) {
  const start = cursor ? Number(cursor) : 0;
  const slice = items.slice(start, start + limit);
  return { items: slice, nextCursor: start + limit < items.length ? String(start + limit) : null };
}

const fold = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The app's API client over in-memory data, with the rules the page tests rely on: validation
 * issues, possible duplicates, double-booking conflicts, If-Match versions and patient scope.
 */
export class MemoryApiClient implements ApiClient {
  patients: Patient[] = [];
  practitioners: Practitioner[] = [];
  appointments: Appointment[] = [];
  users: (User & { password: string; mustChangePassword?: boolean })[] = [];
  audit: AuditEvent[] = [];
  observations: Observation[] = [];
  documents: (DocumentMeta & { deleted?: boolean })[] = [];
  contents = new Map<string, Blob>();
  passages: Passage[] = [];
  conversations: (ConversationWithMessages & { userId: string })[] = [];
  /** DOCUMENT_MAX_BYTES. */
  maxDocumentBytes = 20 * 1024 * 1024;
  /** The fake /ws socket: false makes it fail to open, so the app falls back to REST. */
  socketUp = true;
  /** VOICE_PROVIDER=aws: server speech and transcription answer instead of 501. */
  serverVoice = false;
  current: User | null = null;
  idleTimeoutSeconds = 1800;
  private lost = new Set<() => void>();
  /** Every call, for assertions: `['createPatient', …args]`. */
  calls: unknown[][] = [];

  addUser(role: Role, overrides: Partial<User> = {}, password = 'correct-horse-battery-9') {
    const user: User & { password: string } = {
      id: uuid(),
      email: `${role}@clinic.test`,
      name: `Test ${role}`,
      role,
      patientId: null,
      active: true,
      createdAt: now(),
      updatedAt: now(),
      version: 1,
      password,
      ...overrides,
    };
    this.users.push(user);
    return user;
  }

  addPatient(overrides: Partial<Patient> = {}): Patient {
    const patient: Patient = {
      id: uuid(),
      mrn: `MC${String(this.patients.length + 1).padStart(7, '0')}`,
      givenName: 'Ana',
      familyName: 'García',
      birthDate: '1980-04-02',
      sex: 'female',
      phone: '+1 555 0100 1234',
      email: null,
      address: null,
      preferredLanguage: 'en',
      contactConsent: { sms: true, email: false },
      createdAt: now(),
      updatedAt: now(),
      version: 1,
      ...overrides,
    };
    this.patients.push(patient);
    return patient;
  }

  addPractitioner(overrides: Partial<Practitioner> = {}): Practitioner {
    const practitioner: Practitioner = {
      id: uuid(),
      givenName: 'Maya',
      familyName: 'Chen',
      specialty: 'Family medicine',
      timeZone: 'America/New_York',
      createdAt: now(),
      updatedAt: now(),
      version: 1,
      ...overrides,
    };
    this.practitioners.push(practitioner);
    return practitioner;
  }

  addAppointment(
    overrides: Partial<Appointment> & Pick<Appointment, 'patientId' | 'practitionerId' | 'start' | 'end'>,
  ): Appointment {
    const patient = this.patients.find((p) => p.id === overrides.patientId);
    const appointment: Appointment = {
      id: uuid(),
      patientName: patient ? `${patient.givenName} ${patient.familyName}` : 'Unknown patient',
      status: 'booked',
      reason: null,
      notes: null,
      createdAt: now(),
      updatedAt: now(),
      version: 1,
      ...overrides,
    };
    this.appointments.push(appointment);
    return appointment;
  }

  /** Stores an observation as the API would (no validation: arrange what a test needs). */
  addObservation(patientId: string, input: ObservationInput): Observation {
    const def = OBSERVATION_TYPES[input.code];
    const factor = def?.kind === 'quantity' && input.unit ? def.units[input.unit] : undefined;
    const observation: Observation = {
      id: uuid(),
      patientId,
      code: input.code,
      system: def?.system ?? 'http://loinc.org',
      display: def?.display ?? input.code,
      value: input.value,
      unit: input.unit ?? null,
      normalized:
        def?.kind === 'quantity' && typeof input.value === 'number' && factor !== undefined
          ? { value: input.value * factor, unit: def.canonicalUnit }
          : null,
      effectiveAt: input.effectiveAt,
      recordedBy: this.current?.id ?? null,
      createdAt: now(),
    };
    this.observations.push(observation);
    return observation;
  }

  /** Everything the risk score needs, measured `daysAgo` days ago. */
  addRiskInputs(
    patientId: string,
    values: {
      totalCholesterol?: number;
      hdl?: number;
      systolicBp?: number;
      smoker?: string;
      bpTreated?: boolean;
      diabetes?: boolean;
    } = {},
    daysAgo = 30,
  ) {
    const effectiveAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    this.addObservation(patientId, {
      code: '2093-3',
      value: values.totalCholesterol ?? 213,
      unit: 'mg/dL',
      effectiveAt,
    });
    this.addObservation(patientId, { code: '2085-9', value: values.hdl ?? 50, unit: 'mg/dL', effectiveAt });
    this.addObservation(patientId, {
      code: '8480-6',
      value: values.systolicBp ?? 120,
      unit: 'mm[Hg]',
      effectiveAt,
    });
    this.addObservation(patientId, { code: '72166-2', value: values.smoker ?? 'never', effectiveAt });
    this.addObservation(patientId, { code: 'bp-treatment', value: values.bpTreated ?? false, effectiveAt });
    this.addObservation(patientId, { code: 'diabetes', value: values.diabetes ?? false, effectiveAt });
  }

  /** A stored document; for a PDF, `pages` is its extracted text (one string a page). */
  addDocument(
    patientId: string | null,
    overrides: Partial<DocumentMeta> = {},
    pages: string[] = [],
    bytes: Blob = new Blob(['%PDF-1.7\n'], { type: 'application/pdf' }),
  ): DocumentMeta {
    const doc: DocumentMeta = {
      id: uuid(),
      patientId,
      title: 'Discharge summary',
      filename: 'discharge-summary.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.size,
      sha256: 'a'.repeat(64),
      pageCount: pages.length || null,
      textStatus: pages.length ? 'done' : 'pending',
      uploadedBy: null,
      createdAt: now(),
      ...overrides,
    };
    this.documents.push(doc);
    this.contents.set(doc.id, bytes);
    pages.forEach((text, i) =>
      this.passages.push({ documentId: doc.id, patientId, title: doc.title, page: i + 1, text }),
    );
    return doc;
  }

  /** Ends the session as the server would (idle, deactivated): the next refresh is refused. */
  endSession() {
    this.current = null;
    for (const listener of this.lost) listener();
  }

  private requireUser(): User {
    if (!this.current) throw fail(401, 'UNAUTHENTICATED', 'Sign in first');
    return this.current;
  }

  private inScope(patientId: string) {
    const user = this.requireUser();
    return user.role !== 'patient' || user.patientId === patientId;
  }

  private result(user: User): LoginResult {
    const mustChange = this.users.find((u) => u.id === user.id)?.mustChangePassword;
    return {
      accessToken: 'token',
      expiresIn: 600,
      idleTimeoutSeconds: this.idleTimeoutSeconds,
      user,
      ...(mustChange ? { passwordChangeRequired: true } : {}),
    };
  }

  async login(input: { email: string; password: string }) {
    this.calls.push(['login', input.email]);
    const found = this.users.find(
      (u) => u.email === input.email && u.password === input.password && u.active,
    );
    if (!found) throw fail(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not right');
    const { password: _password, mustChangePassword: _must, ...user } = found;
    this.current = user;
    return this.result(user);
  }
  async changePassword(input: { currentPassword: string; newPassword: string }) {
    this.calls.push(['changePassword']);
    const found = this.users.find((u) => u.id === this.requireUser().id)!;
    if (found.password !== input.currentPassword)
      throw fail(400, 'VALIDATION_FAILED', 'The request is not valid', {
        issues: [{ path: '/currentPassword', message: 'is not your current password' }],
      });
    if (input.newPassword.length < 12)
      throw fail(400, 'VALIDATION_FAILED', 'The request is not valid', {
        issues: [{ path: '/newPassword', message: 'must be at least 12 characters' }],
      });
    found.password = input.newPassword;
    found.mustChangePassword = false;
    return this.result(this.current!);
  }
  async refresh() {
    this.calls.push(['refresh']);
    if (!this.current) throw fail(401, 'SESSION_EXPIRED', 'The session has ended');
    return this.result(this.current);
  }
  async me() {
    return this.requireUser();
  }
  async logout() {
    this.calls.push(['logout']);
    this.current = null;
  }
  onSessionLost(listener: () => void) {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }

  async listPatients(query: { q?: string; birthDate?: string; limit?: number; cursor?: string }) {
    this.requireUser();
    let items = this.patients.filter((p) => this.inScope(p.id));
    if (query.birthDate) items = items.filter((p) => p.birthDate === query.birthDate);
    if (query.q) {
      const q = fold(query.q);
      const digits = q.replace(/\D/g, '');
      items = items.filter(
        (p) =>
          fold(`${p.givenName} ${p.familyName}`)
            .split(' ')
            .some((w) => w.startsWith(q)) ||
          fold(`${p.givenName} ${p.familyName}`).startsWith(q) ||
          (digits.length >= 4 && (p.phone ?? '').replace(/\D/g, '').includes(digits)) ||
          p.mrn.toLowerCase() === q ||
          (q.includes('@') && p.email === q),
      );
    }
    items.sort((a, b) => `${a.familyName} ${a.givenName}`.localeCompare(`${b.familyName} ${b.givenName}`));
    return page(items, query.limit, query.cursor);
  }

  async getPatient(id: string): Promise<Versioned<Patient>> {
    const patient = this.patients.find((p) => p.id === id);
    if (!patient || !this.inScope(id)) throw fail(404, 'PATIENT_NOT_FOUND', 'No such patient');
    return { data: patient, etag: etag(patient) };
  }

  private validate(input: PatientInput) {
    const issues: { path: string; message: string }[] = [];
    if (!input.givenName) issues.push({ path: '/givenName', message: 'must not be empty' });
    if (!input.familyName) issues.push({ path: '/familyName', message: 'must not be empty' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate))
      issues.push({ path: '/birthDate', message: 'must be a date (YYYY-MM-DD)' });
    else if (input.birthDate > new Date().toISOString().slice(0, 10))
      issues.push({ path: '/birthDate', message: 'must not be in the future' });
    if (input.email && !input.email.includes('@'))
      issues.push({ path: '/email', message: 'must be an e-mail address' });
    if (issues.length)
      throw new ApiError(400, {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        requestId: 'test',
        issues,
      });
  }

  async createPatient(input: PatientInput, options?: { allowDuplicate?: boolean }) {
    this.calls.push(['createPatient', input, options]);
    this.requireUser();
    this.validate(input);
    const key = (p: { givenName: string; familyName: string; birthDate: string }) =>
      `${fold(p.givenName)}|${fold(p.familyName)}|${p.birthDate}`;
    const candidates = this.patients.filter((p) => key(p) === key(input));
    if (candidates.length && !options?.allowDuplicate)
      throw new ApiError(409, {
        code: 'PATIENT_POSSIBLE_DUPLICATE',
        message: 'A patient with this name and birth date exists',
        requestId: 'test',
        details: { candidateIds: candidates.map((c) => c.id) },
      });
    const patient = this.addPatient({
      ...input,
      phone: input.phone ?? null,
      email: input.email ?? null,
      address: input.address ?? null,
      preferredLanguage: input.preferredLanguage ?? null,
      contactConsent: input.contactConsent ?? { sms: false, email: false },
    });
    return { data: patient, etag: etag(patient) };
  }

  async updatePatient(id: string, input: PatientInput, ifMatch: string) {
    this.calls.push(['updatePatient', id, input, ifMatch]);
    const { data: patient } = await this.getPatient(id);
    if (ifMatch !== etag(patient)) throw fail(412, 'PRECONDITION_FAILED', 'The record has changed');
    this.validate(input);
    const next: Patient = {
      ...patient,
      ...input,
      phone: input.phone ?? null,
      email: input.email ?? null,
      address: input.address ?? null,
      preferredLanguage: input.preferredLanguage ?? null,
      contactConsent: input.contactConsent ?? patient.contactConsent,
      version: patient.version + 1,
      updatedAt: now(),
    };
    this.patients = this.patients.map((p) => (p.id === id ? next : p));
    return { data: next, etag: etag(next) };
  }

  async patientAccessLog(id: string, query: { limit?: number; cursor?: string }) {
    await this.getPatient(id);
    return page(
      this.audit.filter((e) => e.patientId === id),
      query.limit,
      query.cursor,
    );
  }

  /** clinical.read: admin, clinician, the patient themself; front desk is 403 (as the API's permission check). */
  private async clinicalPatient(patientId: string, write = false) {
    const user = this.requireUser();
    const allowed = write ? ['admin', 'clinician'] : ['admin', 'clinician', 'patient'];
    if (!allowed.includes(user.role)) throw fail(403, 'FORBIDDEN', 'Not allowed');
    return (await this.getPatient(patientId)).data;
  }

  async listObservations(patientId: string, query: ObservationListQuery) {
    await this.clinicalPatient(patientId);
    const items = this.observations
      .filter((o) => o.patientId === patientId)
      .filter((o) => !query.code || o.code === query.code)
      .filter((o) => !query.from || o.effectiveAt >= query.from)
      .filter((o) => !query.to || o.effectiveAt < query.to)
      .sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt) || b.id.localeCompare(a.id));
    return page(items, query.limit, query.cursor);
  }

  async createObservation(patientId: string, input: ObservationInput) {
    this.calls.push(['createObservation', patientId, input]);
    await this.clinicalPatient(patientId, true);
    const { issues } = validateObservation(input);
    if (issues.length)
      throw new ApiError(400, {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        requestId: 'test',
        issues,
      });
    return this.addObservation(patientId, input);
  }

  async deleteObservation(patientId: string, observationId: string) {
    this.calls.push(['deleteObservation', patientId, observationId]);
    await this.clinicalPatient(patientId, true);
    const before = this.observations.length;
    this.observations = this.observations.filter(
      (o) => !(o.id === observationId && o.patientId === patientId),
    );
    if (this.observations.length === before) throw fail(404, 'OBSERVATION_NOT_FOUND', 'No such observation');
  }

  async patientRisk(patientId: string, race: RiskRace = 'other') {
    this.calls.push(['patientRisk', patientId, race]);
    const patient = await this.clinicalPatient(patientId);
    return patientRisk(
      patient,
      this.observations.filter((o) => o.patientId === patientId),
      race,
    );
  }

  async listPractitioners(query: { limit?: number; cursor?: string }) {
    this.requireUser();
    return page(this.practitioners, query.limit, query.cursor);
  }

  async listAppointments(query: {
    from?: string;
    to?: string;
    practitionerId?: string;
    patientId?: string;
    status?: string;
    limit?: number;
    cursor?: string;
  }) {
    this.requireUser();
    const items = this.appointments
      .filter((a) => this.inScope(a.patientId))
      .filter((a) => !query.practitionerId || a.practitionerId === query.practitionerId)
      .filter((a) => !query.patientId || a.patientId === query.patientId)
      .filter((a) => !query.status || a.status === query.status)
      .filter((a) => !query.from || a.end > query.from)
      .filter((a) => !query.to || a.start < query.to)
      .sort((a, b) => a.start.localeCompare(b.start));
    return page(items, query.limit, query.cursor);
  }

  async patientAppointments(patientId: string, query: { limit?: number; cursor?: string }) {
    await this.getPatient(patientId);
    return this.listAppointments({ ...query, patientId });
  }

  async getAppointment(id: string) {
    const appointment = this.appointments.find((a) => a.id === id);
    if (!appointment || !this.inScope(appointment.patientId))
      throw fail(404, 'APPOINTMENT_NOT_FOUND', 'No such appointment');
    return { data: appointment, etag: etag(appointment) };
  }

  private clash(input: AppointmentInput, ignoreId?: string) {
    const active = (s: string | undefined) => s === undefined || s === 'booked' || s === 'arrived';
    if (!active(input.status)) return;
    const found = this.appointments.find(
      (a) =>
        a.id !== ignoreId &&
        active(a.status) &&
        (a.practitionerId === input.practitionerId || a.patientId === input.patientId) &&
        Date.parse(a.start) < Date.parse(input.end) &&
        Date.parse(a.end) > Date.parse(input.start),
    );
    if (found)
      throw new ApiError(409, {
        code: 'APPOINTMENT_CONFLICT',
        message: 'The practitioner or the patient already has an appointment then',
        requestId: 'test',
        details: { conflictingAppointmentId: found.id },
      });
  }

  async createAppointment(input: AppointmentInput) {
    this.calls.push(['createAppointment', input]);
    if (!this.inScope(input.patientId)) throw fail(422, 'APPOINTMENT_REFERENCE_INVALID', 'No such patient');
    this.clash(input);
    const appointment = this.addAppointment({
      ...input,
      status: input.status ?? 'booked',
      reason: input.reason ?? null,
      notes: input.notes ?? null,
    });
    return { data: appointment, etag: etag(appointment) };
  }

  async updateAppointment(id: string, input: AppointmentInput, ifMatch: string) {
    this.calls.push(['updateAppointment', id, input, ifMatch]);
    const { data: appointment } = await this.getAppointment(id);
    if (ifMatch !== etag(appointment)) throw fail(412, 'PRECONDITION_FAILED', 'The record has changed');
    this.clash(input, id);
    const next: Appointment = {
      ...appointment,
      ...input,
      status: input.status ?? appointment.status,
      reason: input.reason ?? null,
      notes: input.notes ?? null,
      version: appointment.version + 1,
    };
    this.appointments = this.appointments.map((a) => (a.id === id ? next : a));
    return { data: next, etag: etag(next) };
  }

  async listUsers(query: { role?: Role; active?: boolean; limit?: number; cursor?: string }) {
    if (this.requireUser().role !== 'admin') throw fail(403, 'FORBIDDEN', 'Not allowed');
    const items = this.users
      .filter((u) => !query.role || u.role === query.role)
      .filter((u) => query.active === undefined || u.active === query.active)
      .map(({ password: _p, ...u }) => u);
    return page(items, query.limit, query.cursor);
  }

  async createUser(input: { email: string; name: string; role: Role; patientId?: string; password: string }) {
    this.calls.push(['createUser', input]);
    if (input.password.length < 12)
      throw new ApiError(400, {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        requestId: 'test',
        issues: [{ path: '/password', message: 'must be at least 12 characters' }],
      });
    const { password: _p, ...user } = this.addUser(
      input.role,
      { email: input.email, name: input.name, patientId: input.patientId ?? null },
      input.password,
    );
    return user;
  }

  async unlockUser(id: string) {
    this.calls.push(['unlockUser', id]);
    if (this.requireUser().role !== 'admin') throw fail(403, 'FORBIDDEN', 'Not allowed');
  }
  async updateUser(id: string, input: Partial<User>) {
    this.calls.push(['updateUser', id, input]);
    const user = this.users.find((u) => u.id === id);
    if (!user) throw fail(404, 'USER_NOT_FOUND', 'No such user');
    Object.assign(user, input, { version: user.version + 1 });
    const { password: _p, ...rest } = user;
    return rest;
  }

  async listAudit(query: { limit?: number; cursor?: string; action?: string }) {
    if (this.requireUser().role !== 'admin') throw fail(403, 'FORBIDDEN', 'Not allowed');
    return page(
      this.audit.filter((e) => !query.action || e.action === query.action),
      query.limit,
      query.cursor,
    );
  }

  /** Documents: the patient's scope, then the role (front desk: metadata only); the knowledge base for anyone. */
  private async documentScope(patientId: string | null, need: 'read' | 'content' | 'write' | 'delete') {
    const user = this.requireUser();
    const roles = {
      read: ['admin', 'clinician', 'front_desk', 'patient'],
      content: ['admin', 'clinician', 'patient'],
      write: patientId === null ? ['admin'] : ['admin', 'clinician', 'patient'],
      delete: patientId === null ? ['admin'] : ['admin', 'clinician'],
    }[need];
    if (patientId === null && (need === 'read' || need === 'content')) return user;
    if (!roles.includes(user.role)) throw fail(403, 'FORBIDDEN', 'Your role does not allow this');
    if (patientId !== null) await this.getPatient(patientId);
    return user;
  }

  private findDocument(patientId: string | null, documentId: string) {
    const doc = this.documents.find((d) => d.id === documentId && d.patientId === patientId && !d.deleted);
    if (!doc) throw fail(404, 'DOCUMENT_NOT_FOUND', 'No such document');
    return doc;
  }

  async listDocuments(patientId: string | null, query: { limit?: number; cursor?: string }) {
    await this.documentScope(patientId, 'read');
    const items = this.documents
      .filter((d) => d.patientId === patientId && !d.deleted)
      .map(({ deleted: _deleted, ...d }) => d)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return page(items, query.limit, query.cursor);
  }

  async uploadDocument(
    patientId: string | null,
    file: File,
    options: { title?: string; onProgress?: (fraction: number) => void } = {},
  ) {
    this.calls.push(['uploadDocument', patientId, file.name, options.title]);
    const user = await this.documentScope(patientId, 'write');
    options.onProgress?.(0.5);
    await Promise.resolve();
    options.onProgress?.(1);
    if (file.size > this.maxDocumentBytes)
      throw fail(413, 'DOCUMENT_TOO_LARGE', `The file is larger than ${this.maxDocumentBytes} bytes`);
    const contentType = await sniff(file);
    if (!contentType)
      throw fail(
        415,
        'DOCUMENT_TYPE_NOT_ALLOWED',
        'Only PDF, PNG and JPEG files are accepted (judged by their bytes)',
      );
    return this.addDocument(
      patientId,
      {
        title: options.title || file.name.replace(/\.[^.]+$/, ''),
        filename: file.name,
        contentType,
        textStatus: contentType === 'application/pdf' ? 'pending' : 'none',
        uploadedBy: user.id,
      },
      [],
      file,
    );
  }

  async documentContent(patientId: string | null, documentId: string, options?: { download?: boolean }) {
    this.calls.push(['documentContent', patientId, documentId, options?.download ?? false]);
    await this.documentScope(patientId, 'content');
    return this.contents.get(this.findDocument(patientId, documentId).id)!;
  }

  async deleteDocument(patientId: string | null, documentId: string) {
    this.calls.push(['deleteDocument', patientId, documentId]);
    await this.documentScope(patientId, 'delete');
    this.findDocument(patientId, documentId).deleted = true;
  }

  async ask(question: AssistantQuestion): Promise<AssistantAnswer> {
    this.calls.push(['ask', question]);
    const user = this.requireUser();
    let conversation = question.conversationId
      ? this.conversations.find((c) => c.id === question.conversationId && c.userId === user.id)
      : undefined;
    if (question.conversationId && !conversation)
      throw fail(404, 'CONVERSATION_NOT_FOUND', 'No such conversation');
    const patientId =
      conversation?.patientId ?? (user.role === 'patient' ? user.patientId : (question.patientId ?? null));
    if (patientId) await this.getPatient(patientId);
    if (!conversation) {
      conversation = {
        id: uuid(),
        userId: user.id,
        patientId,
        title: question.message.slice(0, 80),
        createdAt: now(),
        updatedAt: now(),
        messages: [],
      };
      this.conversations.push(conversation);
    }
    const clinical = user.role !== 'front_desk';
    const deleted = new Set(this.documents.filter((d) => d.deleted).map((d) => d.id));
    const sources = this.passages.filter(
      (p) => !deleted.has(p.documentId) && (p.patientId === null || (clinical && p.patientId === patientId)),
    );
    const result = answerFor(question.message, sources);
    conversation.messages.push(
      {
        id: uuid(),
        role: 'user',
        content: question.message,
        citations: [],
        provider: null,
        createdAt: now(),
      },
      {
        id: uuid(),
        role: 'assistant',
        content: result.answer,
        citations: result.citations,
        provider: result.provider,
        createdAt: now(),
      },
    );
    conversation.updatedAt = now();
    return { conversationId: conversation.id, messageId: conversation.messages.at(-1)!.id, ...result };
  }

  /** The fake socket: `start`, then the answer in pieces, then `done`; REST when the socket is down. */
  async askStreaming(question: AssistantQuestion, events: AssistantStreamEvents) {
    this.calls.push(['askStreaming', question]);
    if (!this.socketUp) {
      events.onFallback?.();
      return this.ask(question);
    }
    const answer = await this.ask(question);
    events.onStart?.(answer.provider);
    // A few frames of several words each: enough to see the text grow, few enough to keep tests quick.
    const all = pieces(answer.answer);
    const size = Math.max(1, Math.ceil(all.length / 4));
    for (let i = 0; i < all.length; i += size) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.onToken?.(all.slice(i, i + size).join(''));
    }
    return answer;
  }

  async listConversations(query: { limit?: number; cursor?: string }) {
    const user = this.requireUser();
    const items = this.conversations
      .filter((c) => c.userId === user.id)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map(({ userId: _u, messages: _m, ...c }) => c);
    return page(items, query.limit, query.cursor);
  }

  async getConversation(id: string) {
    const user = this.requireUser();
    const found = this.conversations.find((c) => c.id === id && c.userId === user.id);
    if (!found) throw fail(404, 'CONVERSATION_NOT_FOUND', 'No such conversation');
    const { userId: _u, ...conversation } = found;
    return structuredClone(conversation);
  }

  async speech(text: string) {
    this.calls.push(['speech', text]);
    if (!this.serverVoice) throw voiceNotConfigured();
    return new Blob(['ID3'], { type: 'audio/mpeg' });
  }

  async transcribe(audio: Blob) {
    this.calls.push(['transcribe', audio.type]);
    if (!this.serverVoice) throw voiceNotConfigured();
    return 'what does my report say';
  }
}
