import { describe, expect, it, vi } from 'vitest';
import { startApi } from '../../test/clinic';
import { ApiError } from './errors';

/**
 * Every call goes through one transport: when the API answers 401 (the access token expired or was
 * revoked underneath the client) it refreshes once and sends the request again. Run against the real
 * API; the first request to `path` carries a token the API must refuse, as an expired one would be.
 */
async function refusedOnce(path: string) {
  const api = await startApi();
  const clinician = await api.addUser('clinician');
  const patient = await api.addPatient();
  const client = api.client();
  await client.login({ email: clinician.email, password: clinician.password });
  const seen: string[] = [];
  const browser = globalThis.fetch;
  let spoiled = false;
  vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    seen.push(`${init.method ?? 'GET'} ${url.pathname}`);
    if (!spoiled && url.pathname.endsWith(path)) {
      spoiled = true;
      return browser(input, { ...init, headers: { ...init.headers, authorization: 'Bearer expired' } });
    }
    return browser(input, init);
  });
  return { client, patient, seen };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof ApiError ? error : null),
  );

describe('the authorised transport', () => {
  it('refreshes and retries a JSON call once on 401', async () => {
    const { client, seen } = await refusedOnce('/api/patients');
    expect((await client.listPatients({})).items).toHaveLength(1);
    expect(seen).toEqual(['GET /api/patients', 'POST /api/auth/refresh', 'GET /api/patients']);
  });

  it('does the same for speech, which used to give up at the first 401', async () => {
    const { client, seen } = await refusedOnce('/api/assistant/speech');
    // No voice provider here: the retried request reaches the route and gets its 501, not the 401.
    expect((await failure(client.speech('Hello')))?.status).toBe(501);
    expect(seen).toEqual([
      'POST /api/assistant/speech',
      'POST /api/auth/refresh',
      'POST /api/assistant/speech',
    ]);
  });

  it('and for transcription, which did too', async () => {
    const { client, seen } = await refusedOnce('/api/assistant/transcriptions');
    const audio = new Blob([new Uint8Array([0x4f, 0x67, 0x67, 0x53])], { type: 'audio/ogg' });
    expect((await failure(client.transcribe(audio)))?.status).toBe(501);
    expect(seen.filter((s) => s.endsWith('/transcriptions'))).toHaveLength(2);
    expect(seen).toContain('POST /api/auth/refresh');
  });

  it('and for a file upload', async () => {
    const { client, patient, seen } = await refusedOnce('/documents');
    const file = new File(['%PDF-1.7\n'], 'note.pdf', { type: 'application/pdf' });
    expect((await client.uploadDocument(patient.id, file, { title: 'Note' })).title).toBe('Note');
    expect(seen.filter((s) => s.startsWith('POST') && s.endsWith('/documents'))).toHaveLength(2);
  });

  it('and for the FHIR record, whose errors (OperationOutcome) keep the API code, words and request id', async () => {
    const { client, patient, seen } = await refusedOnce('/$everything');
    const bundle = JSON.parse(await (await client.recordBundle(patient.id)).text()) as {
      resourceType: string;
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(seen.filter((s) => s.endsWith('/$everything'))).toHaveLength(2);

    const missing = await failure(client.recordBundle('00000000-0000-4000-8000-000000000000'));
    expect(missing?.status).toBe(404);
    expect(missing?.code).toBe('PATIENT_NOT_FOUND');
    expect(missing?.message).toMatch(/not found/i);
    expect(missing?.requestId).toMatch(/\S/);
  });
});
