import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { Patient, PatientRisk } from '@medicare/contracts';
import { launchBrowser } from './support/browser';
import { adminApi, baseUrl, signIn } from './support/app';
import { checkAndShoot, shots } from './support/check';

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
});

type Bundle = {
  resourceType: string;
  type: string;
  entry: { resource: { resourceType: string; id?: string } }[];
};

/** A demo adult whose record the risk model covers (the demo clinic seeds a year of vitals and labs). */
async function scoredDemoPatient(api: Awaited<ReturnType<typeof adminApi>>): Promise<Patient> {
  const { items } = await api.patients();
  for (const patient of items) {
    try {
      await api.call<PatientRisk>('GET', `/api/patients/${patient.id}/risk`);
      return patient;
    } catch {
      // No score for this one (age, a missing or out-of-range input): try the next.
    }
  }
  throw new Error('no demo patient with a risk score');
}

describe("a patient's own record, in Chromium against the real server", () => {
  it('downloads the record as a FHIR Bundle and opens the printable summary', async () => {
    const api = await adminApi();
    const patient = await scoredDemoPatient(api);
    const email = `record.${Date.now()}@e2e.medicare.test`;
    const password = 'lantern-basalt-orchard-52';
    await api.createReadyUser({
      email,
      name: patient.givenName,
      role: 'patient',
      patientId: patient.id,
      password,
    });

    await context.clearCookies();
    const page = await context.newPage();
    await signIn(page, email, password, `Hello, ${patient.givenName}`);
    const card = page.getByRole('region', { name: 'My record' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'Download my record' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^medical-record-\d{4}-\d{2}-\d{2}\.json$/);
    const bundle = JSON.parse(await readFile((await download.path())!, 'utf8')) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(['collection', 'searchset']).toContain(bundle.type);
    const patients = bundle.entry.filter((e) => e.resource.resourceType === 'Patient');
    expect(patients.map((e) => e.resource.id)).toEqual([patient.id]);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Observation')).toBe(true);
    await card.getByText('Saved as a FHIR file (JSON) in your downloads.').waitFor();

    await card.getByRole('link', { name: 'Printable summary' }).click();
    await page.getByRole('heading', { level: 1, name: 'Health record summary' }).waitFor();
    const risk = page.getByRole('region', { name: 'Cardiovascular risk' });
    await risk.getByText(/^\d+\.\d%$/).waitFor();
    await page.getByRole('table', { name: 'Observations, newest first' }).waitFor();
    await page.getByRole('img', { name: /^Blood pressure/ }).waitFor();
    await checkAndShoot(page, 'record-summary');

    // On paper: no navigation, no buttons; the record itself stays.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1, name: 'Health record summary' }).isVisible()).toBe(
      true,
    );
    expect(await risk.isVisible()).toBe(true);
    await page.screenshot({ path: `${shots}record-summary-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });

  it('lets a clinician print the same summary from the patient page', async () => {
    const api = await adminApi();
    const patient = await scoredDemoPatient(api);
    const email = `record.clinician.${Date.now()}@e2e.medicare.test`;
    const password = 'ember-willow-circuit-64';
    await api.createReadyUser({ email, name: 'Dr Record', role: 'clinician', password });
    await context.clearCookies();
    const page = await context.newPage();
    await signIn(page, email, password, 'Today');
    await page.goto(`${baseUrl()}/patients/${patient.id}`);
    await page.getByRole('link', { name: 'Printable summary' }).click();
    await page.getByRole('heading', { level: 1, name: 'Health record summary' }).waitFor();
    await page.getByText(`${patient.givenName} ${patient.familyName}`, { exact: true }).first().waitFor();
    await page
      .getByRole('region', { name: 'Cardiovascular risk' })
      .getByText(/^\d+\.\d%$/)
      .waitFor();
    expect(await page.getByRole('button', { name: /Download/ }).count()).toBe(0);
    await page.close();
  });
});
