import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditPage } from '@medicare/contracts';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

/** A birth date that makes the patient `years` old today (and not about to have a birthday). */
function bornYearsAgo(years: number) {
  const d = new Date(Date.now() - 20 * 86_400_000);
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Liam, 55, with the risk inputs on record, one appointment to come and one document on file. */
async function record() {
  const setup = await clinic({ liamBorn: bornYearsAgo(55) });
  const { api, liam, practitioner } = setup;
  await api.addRiskInputs(liam.id);
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCHours(15, 0, 0, 0);
  await api.addAppointment({
    patientId: liam.id,
    practitionerId: practitioner.id,
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    reason: 'Blood pressure review',
  });
  await api.addDocument(liam.id, 'Referral letter', ['Please see Mr Smith about his blood pressure.']);
  return setup;
}

/** The reads a session makes whatever the page (restoring it, who am I). */
const SESSION = new Set(['refresh', 'me', 'onSessionLost', 'login']);
const readsOf = (calls: unknown[][]) =>
  new Set(calls.map((c) => c[0] as string).filter((n) => !SESSION.has(n)));

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the page saves: the blob behind the link and the link's file name (no navigation happens). */
function captureDownloads() {
  const saved: { blob: Blob; name: string }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ blob: blobs.get(this.getAttribute('href') ?? '')!, name: this.download });
  });
  return saved;
}

describe('download my record', () => {
  it('saves the FHIR Bundle of $everything as a .json file the patient can read', async () => {
    const { api, liam } = await record();
    await api.addUser('patient', { patientId: liam.id });
    const saved = captureDownloads();
    const { user, client } = await renderApp('/portal', api, { signedInAs: 'patient' });
    const card = await screen.findByRole('region', { name: 'My record' });
    await user.click(within(card).getByRole('button', { name: 'Download my record' }));
    expect(await within(card).findByText(/Saved as a FHIR file/)).toBeInTheDocument();
    expect(client.calls).toContainEqual(['recordBundle', liam.id]);

    expect(saved).toHaveLength(1);
    const [file] = saved;
    expect(file!.name).toMatch(/^medical-record-\d{4}-\d{2}-\d{2}\.json$/);
    expect(file!.blob.type).toBe('application/fhir+json');
    const bundle = JSON.parse(await file!.blob.text()) as {
      resourceType: string;
      type: string;
      entry: { resource: { resourceType: string; id: string } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(['collection', 'searchset']).toContain(bundle.type);
    const kinds = bundle.entry.map((e) => e.resource.resourceType);
    expect(bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource.id).toBe(liam.id);
    expect(kinds.filter((k) => k === 'Observation')).toHaveLength(6);
    expect(kinds).toContain('Appointment');
  });

  it('says so in words when the record cannot be had, and saves nothing', async () => {
    const { api, liam } = await record();
    const patient = await api.addUser('patient', { patientId: liam.id });
    const saved = captureDownloads();
    const { user } = await renderApp('/portal', api, { signedInAs: 'patient' });
    const card = await screen.findByRole('region', { name: 'My record' });
    // The record goes away underneath the open page (an admin deletes it).
    await api.call('DELETE', `/api/patients/${liam.id}`);
    await user.click(within(card).getByRole('button', { name: 'Download my record' }));
    const alert = await within(card).findByRole('alert');
    expect(alert).toHaveTextContent('The record could not be downloaded');
    expect(alert).not.toHaveTextContent('Request failed');
    expect(alert).toHaveTextContent(/not found/i);
    expect(saved).toHaveLength(0);
    expect(patient.patientId).toBe(liam.id);
  });
});

describe('the printable summary', () => {
  it('shows the patient their whole record on one page, and reads nothing it does not show', async () => {
    const { api, liam } = await record();
    const patient = await api.addUser('patient', { patientId: liam.id, email: 'liam@example.org' });
    // happy-dom has no print dialog: the browser's own function, stood in for.
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { user, client } = await renderApp('/portal/summary', api, { signedInAs: 'patient' });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Health record summary' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Liam Smith')).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText(liam.mrn)).toBeInTheDocument();
    const upcoming = await screen.findByRole('region', { name: 'Upcoming appointments' });
    expect(await within(upcoming).findByText(/Blood pressure review/)).toBeInTheDocument();
    const risk = screen.getByRole('region', { name: 'Cardiovascular risk' });
    expect(await within(risk).findByText('5.4%')).toBeInTheDocument();
    const observations = screen.getByRole('region', { name: 'Observations, last 12 months' });
    const table = await within(observations).findByRole('table', { name: 'Observations, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(7); // the header and six observations
    expect(within(table).getByRole('row', { name: /Total cholesterol\s*213 mg\/dL/ })).toBeInTheDocument();
    expect(
      within(observations).getByRole('img', { name: /Cholesterol.*Total: 1 reading, latest 213 mg\/dL/ }),
    ).toBeInTheDocument();
    const documents = screen.getByRole('region', { name: 'Documents' });
    expect(await within(documents).findByRole('row', { name: /Referral letter\s*PDF/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: 'Download as FHIR (JSON)' })).toBeInTheDocument();

    // Each part is one read of what it shows: no access log, no per-code trend lists.
    expect(screen.getByText(/No missed appointments\.|missed appointments? \(no-show\)/)).toBeInTheDocument();
    expect(readsOf(client.calls)).toEqual(
      new Set([
        'getPatient',
        'patientAppointments',
        'patientAttendance',
        'listPractitioners',
        'patientRisk',
        'listObservations',
        'listDocuments',
      ]),
    );
    const observationReads = client.calls.filter((c) => c[0] === 'listObservations');
    expect(observationReads).toEqual([
      ['listObservations', liam.id, { from: expect.stringMatching(/Z$/), limit: 100 }],
    ]);

    // Right of access: every read the summary made is in the audit trail, as the patient's.
    const audit = await api.call<AuditPage>(
      'GET',
      `/api/audit?patientId=${liam.id}&actorId=${patient.id}&limit=100`,
    );
    const read = new Set(audit.items.filter((e) => e.outcome === 'success').map((e) => e.resourceType));
    for (const kind of ['patient', 'appointment', 'risk', 'observation', 'document'])
      expect(read).toContain(kind);
  });

  it('opens from the portal, beside the download', async () => {
    const { api, liam } = await record();
    await api.addUser('patient', { patientId: liam.id });
    const { user, router } = await renderApp('/portal', api, { signedInAs: 'patient' });
    const card = await screen.findByRole('region', { name: 'My record' });
    expect(within(card).getByRole('button', { name: 'Download my record' })).toBeInTheDocument();
    await user.click(within(card).getByRole('link', { name: 'Printable summary' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Health record summary' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/portal/summary');
    expect(screen.getByRole('link', { name: 'Back to my care' })).toHaveAttribute('href', '/portal');
  });

  it('lets a clinician open and print the same summary from the patient page, without the download', async () => {
    const { api, liam } = await record();
    const { user, router } = await renderApp(`/patients/${liam.id}`, api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('link', { name: 'Printable summary' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Health record summary' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/patients/${liam.id}/summary`);
    expect(await screen.findByText('5.4%')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Download/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the patient' })).toHaveAttribute(
      'href',
      `/patients/${liam.id}`,
    );
    expect(screen.getByText(/Contains protected health information/)).toBeInTheDocument();
  });

  it('is not offered to the front desk, and a link to it reads nothing', async () => {
    const { api, liam } = await record();
    await renderApp(`/patients/${liam.id}`, api, { signedInAs: 'front_desk' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Liam Smith' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Printable summary' })).not.toBeInTheDocument();

    const { client } = await renderApp(`/patients/${liam.id}/summary`, api, { signedInAs: 'front_desk' });
    expect(await screen.findAllByText('Your role does not give access to this page.')).not.toHaveLength(0);
    expect(readsOf(client.calls)).toEqual(new Set());
  });

  it("does not open another patient's summary for a patient who types its address", async () => {
    const { api, liam, ana } = await record();
    await api.addUser('patient', { patientId: liam.id });
    const { client } = await renderApp(`/patients/${ana.id}/summary`, api, { signedInAs: 'patient' });
    expect(await screen.findAllByText('Your role does not give access to this page.')).not.toHaveLength(0);
    await waitFor(() => expect(client.calls.some((c) => c[1] === ana.id)).toBe(false));
  });
});
