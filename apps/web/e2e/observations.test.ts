import { describe, expect, it } from 'vitest';
import type { Patient, PatientRisk } from '@medicare/contracts';
import { browserForThisFile } from './support/browser';
import { adminApi, baseUrl, signIn } from './support/app';
import { checkAndShoot } from './support/check';

/** The demo adult the first test used, for the portal's read-only view. */
let scored: Patient | undefined;

const browser = browserForThisFile();

const CLINICIAN = {
  email: `clinician.${Date.now()}@e2e.medicare.test`,
  password: 'cobalt-meadow-sextant-31',
};

function age(birthDate: string) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (today.slice(5) < birthDate.slice(5) ? 1 : 0)
  );
}

describe('observations and the risk card, in Chromium against the real server', () => {
  it('a clinician records a systolic pressure, sees it in the table and the chart, and reads the risk card', async () => {
    const api = await adminApi();
    await api.createReadyUser({ ...CLINICIAN, name: 'Dr E2E Clinician', role: 'clinician' });
    // A demo adult the model covers: the demo clinic seeds a year of vitals and labs for every adult.
    const { items } = await api.patients();
    let chosen: { patient: Patient; risk: PatientRisk } | undefined;
    for (const patient of items.filter((p) => age(p.birthDate) >= 45 && age(p.birthDate) <= 75)) {
      try {
        chosen = { patient, risk: await api.call<PatientRisk>('GET', `/api/patients/${patient.id}/risk`) };
        break;
      } catch {
        // Outside the model's range (a seeded pressure or lab): try the next one.
      }
    }
    expect(chosen, 'a demo adult with a risk score').toBeDefined();
    const { patient } = chosen!;
    scored = patient;
    const name = `${patient.givenName} ${patient.familyName}`;

    const page = await browser.context.newPage();
    await signIn(page, CLINICIAN.email, CLINICIAN.password, 'Today');
    await page.goto(`${baseUrl()}/patients/${patient.id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('tab', { name: 'Observations' }).click();

    // The risk card: a percentage, its category in words, and where each input came from.
    const card = page.getByRole('region', { name: 'Cardiovascular risk' });
    await card.getByText(/^\d+\.\d%$/).waitFor();
    await card.getByText(/^(Low|Borderline|Intermediate|High) risk$/).waitFor();
    const inputs = card.getByRole('table', { name: 'Inputs used' });
    await inputs.getByRole('row', { name: /Total cholesterol .* mg\/dL LOINC 2093-3 .* days ago/ }).waitFor();
    await inputs
      .getByRole('row', { name: new RegExp(`Age ${age(patient.birthDate)} years Date of birth`) })
      .waitFor();
    await card
      .getByText(/equations for white people/)
      .first()
      .waitFor();

    // Record a systolic pressure (the form's first choice, in mmHg).
    const form = page.getByRole('form', { name: 'Record an observation' });
    await form.getByLabel('Value').fill('147');
    await form.getByRole('button', { name: 'Record observation' }).click();
    await form.getByText('Recorded systolic blood pressure: 147 mmHg.').waitFor();
    const table = page.getByRole('table', { name: 'Observations, newest first' });
    await table
      .getByRole('row')
      .nth(1)
      .filter({ hasText: /Systolic blood pressure\s*147 mmHg/ })
      .waitFor();
    await page
      .getByRole('img', { name: /Blood pressure.*Systolic: \d+ readings, latest 147 mmHg/ })
      .waitFor();
    await inputs.getByRole('row', { name: /Systolic blood pressure 147 mmHg LOINC 8480-6/ }).waitFor();

    await checkAndShoot(page, 'observations');
    await checkAndShoot(page, 'risk-card', card);

    // An implausible value: the API's issue beside the field.
    await form.getByLabel('Value').fill('1200');
    await form.getByRole('button', { name: 'Record observation' }).click();
    await form.getByText('Some fields need attention.').waitFor();
    expect(await form.getByLabel('Value').getAttribute('aria-invalid')).toBe('true');
    await form.getByText(/is not a plausible systolic blood pressure/).waitFor();
    await form.getByLabel('Value').fill('');

    await page.close();
  });

  it('lists what to record for a patient without labs', async () => {
    const api = await adminApi();
    const patient = await api.call<Patient>('POST', '/api/patients', {
      givenName: 'Iris',
      familyName: `Nolabs${Date.now() % 100000}`,
      birthDate: '1968-03-14',
      sex: 'female',
    });
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signIn(page, CLINICIAN.email, CLINICIAN.password, 'Today');
    await page.goto(`${baseUrl()}/patients/${patient.id}?tab=observations`);
    const missing = page.getByRole('list', { name: 'Missing inputs' });
    await missing.waitFor();
    const items = await missing.getByRole('listitem').allTextContents();
    expect(items.map((t) => t.split(' — ')[0])).toEqual([
      'Total cholesterol',
      'HDL cholesterol',
      'Systolic blood pressure',
      'On blood-pressure medication',
      'Current smoker',
      'Diabetes',
    ]);
    await page.getByText('No observations recorded yet.').waitFor();
    await checkAndShoot(page, 'risk-missing', page.getByRole('region', { name: 'Cardiovascular risk' }));
    await page.close();
  });

  it('shows the patient their own observations and risk card, read-only, in the portal', async () => {
    expect(scored, 'the first test chose a demo adult').toBeDefined();
    const patient = scored!;
    const api = await adminApi();
    const password = 'harbor-quartz-meadow-83';
    const email = `portal.obs.${Date.now()}@e2e.medicare.test`;
    await api.createReadyUser({
      email,
      name: patient.givenName,
      role: 'patient',
      patientId: patient.id,
      password,
    });
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signIn(page, email, password, `Hello, ${patient.givenName}`);
    const health = page.getByRole('region', { name: 'My measurements and heart health' });
    await health.getByText(/^\d+\.\d%$/).waitFor();
    await health
      .getByRole('table', { name: 'Observations, newest first' })
      .getByText('147 mmHg')
      .first()
      .waitFor();
    expect(await health.getByRole('form', { name: 'Record an observation' }).count()).toBe(0);
    expect(await health.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await checkAndShoot(page, 'portal-health', health);
    await page.close();
  });
});
