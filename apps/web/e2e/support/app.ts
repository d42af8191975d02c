import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import type {
  AppointmentType,
  AppointmentTypePage,
  LoginResult,
  Patient,
  PatientPage,
  PractitionerPage,
  User,
} from '@medicare/contracts';
import { ADMIN } from '../global-setup';

export const baseUrl = () => inject('baseUrl');

/** Signs in through the form and waits for the first page. */
export async function signIn(page: Page, email: string, password: string, landing: string | RegExp) {
  await page.goto(`${baseUrl()}/signin`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: landing }).waitFor();
}

/**
 * The first sign-in of a user an admin created: the app asks for their own password before anything
 * else; choose it and wait for the first page.
 */
export async function signInFirstTime(
  page: Page,
  email: string,
  adminChosen: string,
  own: string,
  landing: string | RegExp,
) {
  await signIn(page, email, adminChosen, 'Choose your password');
  await page.getByLabel('Current password').fill(adminChosen);
  await page.getByLabel('New password', { exact: true }).fill(own);
  await page.getByLabel('New password again').fill(own);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { level: 1, name: landing }).waitFor();
}

/** The API as the admin, for arranging data the test is not about. */
export async function adminApi() {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as LoginResult;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    call,
    patients: (q = '') =>
      call<PatientPage>('GET', `/api/patients?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    createUser: (input: {
      email: string;
      name: string;
      role: string;
      password: string;
      patientId?: string;
    }) => call<User>('POST', '/api/users', input),
    /**
     * A user who has already been through their first sign-in: the admin sets a temporary password and
     * the user replaces it with `password` through the API, so a test about something else signs in
     * straight to its first page (clinic-flow and pages test the first sign-in itself).
     */
    async createReadyUser(input: {
      email: string;
      name: string;
      role: string;
      password: string;
      patientId?: string;
    }) {
      const temporary = `temporary-${input.password}-x`;
      const user = await call<User>('POST', '/api/users', { ...input, password: temporary });
      const login = await fetch(`${baseUrl()}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: input.email, password: temporary }),
      });
      expect(login.status).toBe(200);
      const { accessToken: token } = (await login.json()) as LoginResult;
      const change = await fetch(`${baseUrl()}/api/auth/password`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: temporary, newPassword: input.password }),
      });
      expect(change.status).toBeLessThan(300);
      return user;
    },
    patient: (id: string) => call<Patient>('GET', `/api/patients/${id}`),
    /**
     * A 30-minute "Consultation" every practitioner offers and patients may book (the demo clinic has
     * no types): made once, whichever test file runs first.
     */
    async consultation(): Promise<AppointmentType> {
      const types = await call<AppointmentTypePage>('GET', '/api/appointment-types?limit=100');
      const found = types.items.find((t) => t.name === 'Consultation');
      if (found) return found;
      const practitioners = await call<PractitionerPage>('GET', '/api/practitioners?limit=100');
      return call<AppointmentType>('POST', '/api/appointment-types', {
        name: 'Consultation',
        durationMinutes: 30,
        patientBookable: true,
        practitionerIds: practitioners.items.map((p) => p.id),
      });
    },
  };
}

export { ADMIN };
