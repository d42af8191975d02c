import { vi } from 'vitest';
import type {
  Appointment,
  AppointmentInput,
  AppointmentType,
  AppointmentTypeInput,
  AvailabilityInput,
  DocumentMeta,
  DocumentPage,
  Observation,
  ObservationInput,
  Patient,
  PatientInput,
  PatientPage,
  Practitioner,
  Role,
  User,
} from '@medicare/contracts';
// The golden database image the API's global set-up provides (and its ProvidedContext keys).
import type {} from '../../api/test/support/global-setup';
import { createTestApp, testConfig, type TestAppConfig, type TestContext } from '../../api/test/support/app';
import { makePdf, PNG_BYTES } from '../../api/test/support/documents';
import { runRemindersAt } from '../../api/test/support/reminders';
import type { ApiClient } from '../src/api/client';
import { createHttpApiClient } from '../src/api/http-client';

export { PNG_BYTES };
export const PASSWORD = 'correct-horse-battery-9';

/** The API's test configuration with some sign-in settings changed. */
export const withAuth = (auth: Partial<TestAppConfig['auth']>): Partial<TestAppConfig> => ({
  auth: { ...testConfig().auth, ...auth },
});

/**
 * The browser's cookie jar, for Node's fetch: keeps what the API sets (the refresh cookie) and sends
 * it back on requests under its path, as a browser does for same-origin calls.
 */
function withCookies(base: typeof fetch): typeof fetch {
  const jar = new Map<string, { value: string; path: string }>();
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = new Headers(init.headers);
    const cookies = [...jar].filter(([, c]) => url.pathname.startsWith(c.path));
    if (cookies.length) headers.set('cookie', cookies.map(([name, c]) => `${name}=${c.value}`).join('; '));
    const response = await base(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (attributes.some((a) => /^max-age=0$/i.test(a)) || !value) jar.delete(name);
      else jar.set(name, { value, path });
    }
    return response;
  };
}

/** The app's real HTTP client, recording each call as `[method, ...arguments]` for assertions. */
export type RecordingClient = ApiClient & { calls: unknown[][] };

function recording(client: ApiClient): RecordingClient {
  const calls: unknown[][] = [];
  return new Proxy(client as RecordingClient, {
    get(target, key) {
      if (key === 'calls') return calls;
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push([key, ...args]);
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

const running = new Set<TestContext>();

/** Closes every API a test started (test/setup.ts, after each test). */
export async function closeClinics() {
  for (const ctx of running) await ctx.close();
  running.clear();
  vi.unstubAllGlobals();
}

let seq = 0;

/**
 * The real API (apps/api's buildApp on a fresh PGlite copy of the migrated database), listening on a
 * free loopback port, with helpers that arrange data through its HTTP API as an admin would.
 */
export async function startApi(config: Partial<TestAppConfig> = {}) {
  const ctx = await createTestApp({ config });
  running.add(ctx);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
  // The page and its client share one browser: one cookie jar.
  vi.stubGlobal('fetch', withCookies(globalThis.fetch));

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await ctx.inject({ method: method as 'GET', url: path, payload: body as object });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
    return (response.statusCode === 204 ? undefined : response.json()) as T;
  }
  const users: (User & { password: string })[] = [];

  const api = {
    url,
    ctx,
    call,
    users,
    /**
     * A user who signs in with PASSWORD; a patient-role user needs `patientId`. An admin creates the
     * account with a first password, and the user replaces it at their first sign-in, as in use.
     */
    async addUser(role: Role, overrides: Partial<Pick<User, 'email' | 'name' | 'patientId'>> = {}) {
      const first = `first-password-${++seq}-of-the-account`;
      const input = {
        email: overrides.email ?? `${role.replace('_', '-')}.${seq}@clinic.test`,
        name: overrides.name ?? `Test ${role}`,
        role,
        password: first,
        ...(overrides.patientId ? { patientId: overrides.patientId } : {}),
      };
      const created = await call<User>('POST', '/api/users', input);
      await api.callAs({ email: input.email, password: first }, 'POST', '/api/auth/password', {
        currentPassword: first,
        newPassword: PASSWORD,
      });
      const user = { ...created, password: PASSWORD };
      users.push(user);
      return user;
    },
    addPatient: (overrides: Partial<PatientInput> = {}) =>
      call<Patient>('POST', '/api/patients?allowDuplicate=true', {
        givenName: 'Ana',
        familyName: 'García',
        birthDate: '1980-04-02',
        sex: 'female',
        phone: '+1 555 0100 1234',
        preferredLanguage: 'en',
        contactConsent: { sms: true, email: false },
        ...overrides,
      }),
    addPractitioner: () =>
      call<Practitioner>('POST', '/api/practitioners', {
        givenName: 'Maya',
        familyName: 'Chen',
        specialty: 'Family medicine',
        timeZone: 'America/New_York',
      }),
    addAppointment: (input: AppointmentInput) => call<Appointment>('POST', '/api/appointments', input),
    /** One reminder-worker round as if it were `now`, every channel to the outbox (the embedded mode). */
    runReminders: (now: Date) => runRemindersAt(ctx, now),
    addAppointmentType: (input: AppointmentTypeInput) =>
      call<AppointmentType>('POST', '/api/appointment-types', input),
    setHours: (practitionerId: string, input: AvailabilityInput) =>
      call('PUT', `/api/practitioners/${practitionerId}/availability`, input),
    appointmentsOf: async (patientId: string) =>
      (await call<{ items: Appointment[] }>('GET', `/api/appointments/patient/${patientId}?limit=100`)).items,
    patients: async () => (await call<PatientPage>('GET', '/api/patients?limit=100')).items,
    addObservation: (patientId: string, input: ObservationInput) =>
      call<Observation>('POST', `/api/patients/${patientId}/observations`, input),
    observationsOf: async (patientId: string) =>
      (await call<{ items: Observation[] }>('GET', `/api/patients/${patientId}/observations?limit=100`))
        .items,
    /** Everything the risk score needs, measured `daysAgo` days ago. */
    async addRiskInputs(patientId: string, daysAgo = 30) {
      const effectiveAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const inputs: ObservationInput[] = [
        { code: '2093-3', value: 213, unit: 'mg/dL', effectiveAt },
        { code: '2085-9', value: 50, unit: 'mg/dL', effectiveAt },
        { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt },
        { code: '72166-2', value: 'never', effectiveAt },
        { code: 'bp-treatment', value: false, effectiveAt },
        { code: 'diabetes', value: false, effectiveAt },
      ];
      for (const input of inputs) await api.addObservation(patientId, input);
    },
    /**
     * Uploads a document (a PDF with one page of text per entry of `pages`, unless `file` is given)
     * and, for a PDF, waits until the API has extracted its text.
     */
    async addDocument(
      patientId: string | null,
      title: string,
      pages: string[] = [],
      options: { file?: { name: string; type: string; bytes: Buffer }; padTo?: number } = {},
    ): Promise<DocumentMeta> {
      const path = patientId === null ? '/api/knowledge/documents' : `/api/patients/${patientId}/documents`;
      const pdf = makePdf(pages.map((page) => [page]));
      // Bytes after %%EOF are ignored by PDF readers: a way to give the file a chosen size.
      const padding = Buffer.alloc(Math.max(0, (options.padTo ?? 0) - pdf.length), 0x20);
      const upload = options.file ?? {
        name: `${title.toLowerCase().replace(/\W+/g, '-')}.pdf`,
        type: 'application/pdf',
        bytes: Buffer.concat([pdf, padding]),
      };
      const form = new FormData();
      form.set('title', title);
      form.set('file', new Blob([new Uint8Array(upload.bytes)], { type: upload.type }), upload.name);
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.inject.token}` },
        body: form,
      });
      if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
      const doc = (await response.json()) as DocumentMeta;
      if (doc.contentType !== 'application/pdf') return doc;
      return vi.waitFor(
        async () => {
          const listed = (await call<DocumentPage>('GET', `${path}?limit=100`)).items.find(
            (d) => d.id === doc.id,
          );
          if (listed?.textStatus === 'pending') throw new Error('text not extracted yet');
          return listed!;
        },
        { timeout: 20_000, interval: 50 },
      );
    },
    /** A fresh browser-side client of this API (the app's own, recording its calls). */
    client: () => recording(createHttpApiClient(url)),
    /** A request as `user` (signed in with its password), as another browser of theirs would send it. */
    async callAs<T>(user: { email: string; password: string }, method: string, path: string, body?: unknown) {
      const login = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
      });
      const { accessToken } = login.json<{ accessToken: string }>();
      const response = await ctx.app.inject({
        method: method as 'GET',
        url: path,
        payload: body as object,
        headers: { authorization: `Bearer ${accessToken}` },
      });
      if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode}`);
      return response.json<T>();
    },
    /** Signs `user` in as the browser would, leaving the refresh cookie in the jar. */
    async signIn(user: { email: string; password: string }) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
    },
  };
  return api;
}

export type ClinicApi = Awaited<ReturnType<typeof startApi>>;

/**
 * A small clinic: one practitioner in New York (the default hours: Monday to Friday, 08:00–18:00),
 * a 30-minute "Consultation" she offers and patients may book, and two patients (Liam's birth date
 * can be chosen).
 */
export async function clinic(
  options: { config?: Partial<TestAppConfig>; liamBorn?: string; anaBorn?: string } = {},
) {
  const api = await startApi(options.config);
  const practitioner = await api.addPractitioner();
  const ana = await api.addPatient({ birthDate: options.anaBorn ?? '1980-04-02' });
  const liam = await api.addPatient({
    givenName: 'Liam',
    familyName: 'Smith',
    birthDate: options.liamBorn ?? '1975-11-30',
    sex: 'male',
    phone: '+1 555 0199 4321',
  });
  const consultation = await api.addAppointmentType({
    name: 'Consultation',
    durationMinutes: 30,
    patientBookable: true,
    practitionerIds: [practitioner.id],
  });
  return { api, practitioner, ana, liam, consultation };
}
