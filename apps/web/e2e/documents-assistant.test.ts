import { describe, expect, it } from 'vitest';
import { browserForThisFile } from './support/browser';
import { adminApi, ADMIN, baseUrl, signIn } from './support/app';
import { checkAndShoot, expectAccessible } from './support/check';
import { makePdf } from '../../api/test/support/documents';

const browser = browserForThisFile();

const CLINICIAN = {
  email: `clinician.docs.${Date.now()}@e2e.medicare.test`,
  password: 'granite-willow-compass-58',
};
const TITLE = 'Cardiology report';

describe('documents and the assistant, in Chromium against the real server', () => {
  it('uploads a PDF report, asks about it, sees the answer cite it and opens the citation at its page', async () => {
    const api = await adminApi();
    await api.createReadyUser({ ...CLINICIAN, name: 'Dr E2E Documents', role: 'clinician' });
    // An adult of the demo clinic (born before 1990).
    const patient = (await api.patients()).items.find((p) => p.birthDate < '1990')!;
    const name = `${patient.givenName} ${patient.familyName}`;

    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await signIn(page, CLINICIAN.email, CLINICIAN.password, 'Today');
    await page.goto(`${baseUrl()}/patients/${patient.id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('tab', { name: 'Documents' }).click();

    // Upload: a two-page text PDF, named by the title field.
    const pdf = makePdf([
      ['Cardiology report', 'Follow-up visit for palpitations.'],
      ['Echocardiogram results:', 'Left ventricular ejection fraction 58 percent, normal wall motion.'],
    ]);
    await page
      .getByLabel(/^File/)
      .setInputFiles({ name: 'echo-2026.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByLabel(/^Title/).fill(TITLE);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(`“${TITLE}” was uploaded.`, { exact: false }).waitFor();
    const list = page.getByRole('region', { name: 'Documents', exact: true });
    const row = list.getByRole('row').filter({ hasText: TITLE });
    await row.getByText(/PDF · \d+(\.\d)? (B|KB) · .* · 2 pages · Searchable/).waitFor({ timeout: 30_000 });

    await checkAndShoot(page, 'documents-tab');

    // Preview in the page: the browser's PDF viewer in a frame, unless the page's CSP refuses it.
    await row.getByRole('button', { name: `Preview ${TITLE}` }).click();
    const preview = page.getByRole('region', { name: `Preview of ${TITLE}` });
    await preview
      .getByTitle(`${TITLE} (PDF)`)
      .or(preview.getByText('The PDF cannot be shown inside the page'))
      .waitFor();
    const framed = (await preview.getByTitle(`${TITLE} (PDF)`).count()) === 1;
    console.info(`PDF preview framed: ${framed}; CSP reports: ${violations.length}`);
    await preview.getByRole('button', { name: 'Close preview' }).click();

    // The assistant, about this patient, streamed over /ws.
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assistant' }).waitFor();
    await page.getByLabel('Find a patient').fill(patient.familyName);
    await page
      .getByRole('option', { name: new RegExp(name) })
      .first()
      .click();
    await page.getByText(`About ${name}`).waitFor();
    await page.getByLabel('Your question').fill('What was the ejection fraction on the echocardiogram?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await messages.getByText('Not generating text: these are the best passages').waitFor();
    const citation = messages.getByRole('button', { name: new RegExp(`${TITLE}, page 2`) });
    await citation.waitFor();
    await messages
      .getByText(/ejection fraction 58 percent/)
      .first()
      .waitFor();
    expect(frames.some((f) => f.includes('"type":"token"'))).toBe(true);
    expect(frames.some((f) => f.includes('"type":"done"'))).toBe(true);

    const [opened] = await Promise.all([browser.context.waitForEvent('page'), citation.click()]);
    await opened.waitForURL(/^blob:.*#page=2$/);
    await opened.close();

    // A red flag: the guardrail's answer, and it stands out.
    await page.getByLabel('Your question').fill('I have crushing chest pain right now');
    await page.getByRole('button', { name: 'Ask' }).click();
    await messages.getByText('See a clinician now', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ask' }).waitFor();

    await checkAndShoot(page, 'assistant');

    // Resume: the conversation is listed and opens with its messages.
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByRole('button', { name: /What was the ejection fraction/ }).click();
    await messages.getByText('What was the ejection fraction on the echocardiogram?').waitFor();
    await page.close();
  });

  it('the front desk sees the documents list only, and the admin’s knowledge base passes axe', async () => {
    const api = await adminApi();
    const patient = (await api.patients()).items.find((p) => p.birthDate < '1990')!;
    const desk = { email: `desk.docs.${Date.now()}@e2e.medicare.test`, password: 'saffron-pylon-harbor-66' };
    await api.createReadyUser({ ...desk, name: 'E2E Desk', role: 'front_desk' });
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signIn(page, desk.email, desk.password, 'Today');
    await page.goto(`${baseUrl()}/patients/${patient.id}?tab=documents`);
    await page.getByText(TITLE).first().waitFor();
    expect(await page.getByRole('button', { name: /^(Preview|Download|Delete)/ }).count()).toBe(0);
    await expectAccessible(page, 'documents tab, front desk');
    await page.close();

    await browser.context.clearCookies();
    const admin = await browser.context.newPage();
    await signIn(admin, ADMIN.email, ADMIN.password, 'Today');
    await admin.getByRole('link', { name: 'Knowledge base' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Knowledge base' }).waitFor();
    await admin
      .getByText(/Loading/)
      .first()
      .waitFor({ state: 'detached' });
    await expectAccessible(admin, 'knowledge base');
    await admin.close();
  });
});
