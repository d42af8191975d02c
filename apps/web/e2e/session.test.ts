import { describe, expect, it } from 'vitest';
import { browserForThisFile } from './support/browser';
import { ADMIN, baseUrl, signIn } from './support/app';

const browser = browserForThisFile();

describe('the session in a real browser', () => {
  it('serves the app at / from the API and restores the session on reload', async () => {
    const page = await browser.context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    // A deep link answers with the app too (SPA fallback), still signed in.
    await page.goto(`${baseUrl()}/patients`);
    await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('signs out after 30 minutes without activity, and says so', async () => {
    const page = await browser.context.newPage();
    await page.clock.install();
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');
    await page.clock.fastForward('29:00');
    expect(await page.getByRole('heading', { level: 1, name: 'Today' }).isVisible()).toBe(true);
    // Past 30 minutes by a margin: a scroll event while the page still settles on a busy machine
    // counts as activity and moves the deadline a little.
    await page.clock.fastForward('05:00');
    await page.getByText('You were signed out after 30 minutes without activity.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The refresh cookie was revoked too: a reload does not bring the session back.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });
});
