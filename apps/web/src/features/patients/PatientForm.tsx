import { useState, type FormEvent, type ReactNode } from 'react';
import type { Patient, PatientInput } from '@medicare/contracts';
import { ApiError, describeError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Checkbox, Field, Select, TextInput } from '../../ui/form';

type Sex = PatientInput['sex'];

/** The form's values: every field a string (or boolean), as inputs hold them. */
export type PatientFormValues = {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex | '';
  phone: string;
  email: string;
  line: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  preferredLanguage: string;
  sms: boolean;
  emailConsent: boolean;
};

export const emptyPatient: PatientFormValues = {
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  phone: '',
  email: '',
  line: '',
  city: '',
  state: '',
  postalCode: '',
  country: '',
  preferredLanguage: '',
  sms: false,
  emailConsent: false,
};

export function valuesOf(patient: Patient): PatientFormValues {
  return {
    givenName: patient.givenName,
    familyName: patient.familyName,
    birthDate: patient.birthDate,
    sex: patient.sex,
    phone: patient.phone ?? '',
    email: patient.email ?? '',
    line: patient.address?.line ?? '',
    city: patient.address?.city ?? '',
    state: patient.address?.state ?? '',
    postalCode: patient.address?.postalCode ?? '',
    country: patient.address?.country ?? '',
    preferredLanguage: patient.preferredLanguage ?? '',
    sms: patient.contactConsent.sms,
    emailConsent: patient.contactConsent.email,
  };
}

type FieldErrors = Partial<Record<keyof PatientFormValues, string>>;

/**
 * What a desk clerk must fix before the form is sent, in words: required means required (an empty
 * "Sex" is not quietly saved as "Unknown"), and a date of birth is a date, not a pattern.
 */
export function checkRequired(values: PatientFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.givenName.trim()) errors.givenName = 'Enter the given name.';
  if (!values.familyName.trim()) errors.familyName = 'Enter the family name.';
  if (!values.birthDate) errors.birthDate = 'Enter the date of birth.';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(values.birthDate))
    errors.birthDate = 'Enter the date of birth as year-month-day, e.g. 1980-04-02.';
  if (!values.sex) errors.sex = 'Choose one; “Unknown” when it is not known.';
  return errors;
}

/** The API body: blank optional fields are left out rather than sent empty. Call after `checkRequired`. */
export function inputOf(values: PatientFormValues): PatientInput {
  const input: PatientInput = {
    givenName: values.givenName.trim(),
    familyName: values.familyName.trim(),
    birthDate: values.birthDate,
    sex: values.sex as Sex,
    contactConsent: { sms: values.sms, email: values.emailConsent },
  };
  if (values.phone.trim()) input.phone = values.phone.trim();
  if (values.email.trim()) input.email = values.email.trim();
  if (values.preferredLanguage.trim()) input.preferredLanguage = values.preferredLanguage.trim();
  const address = Object.fromEntries(
    (['line', 'city', 'state', 'postalCode', 'country'] as const)
      .map((key) => [key, key === 'country' ? values[key].trim().toUpperCase() : values[key].trim()])
      .filter(([, value]) => value),
  );
  if (Object.keys(address).length > 0) input.address = address;
  return input;
}

/** Which input shows the API's issue at each JSON pointer. */
const POINTERS: Record<string, keyof PatientFormValues> = {
  '/givenName': 'givenName',
  '/familyName': 'familyName',
  '/birthDate': 'birthDate',
  '/sex': 'sex',
  '/phone': 'phone',
  '/email': 'email',
  '/address/line': 'line',
  '/address/city': 'city',
  '/address/state': 'state',
  '/address/postalCode': 'postalCode',
  '/address/country': 'country',
  '/preferredLanguage': 'preferredLanguage',
};

/** What a field's format is, in words: shown instead of a schema's `must match pattern "…"`. */
const FORMATS: Partial<Record<keyof PatientFormValues, string>> = {
  birthDate: 'Enter the date of birth as year-month-day, e.g. 1980-04-02.',
  phone: 'Enter 7 to 15 digits; +, spaces, dots, dashes and brackets are fine.',
  email: 'Enter an e-mail address, e.g. name@example.org.',
  postalCode: 'Use letters, digits, spaces and dashes only.',
  country: 'Use the two-letter country code, e.g. US.',
  preferredLanguage: 'Use a language tag, e.g. en or es-MX.',
};

const readable = (key: keyof PatientFormValues | undefined, message: string) =>
  key && /must match (pattern|format)/.test(message)
    ? (FORMATS[key] ?? 'is not in the expected form')
    : message;

export function fieldErrorsOf(error: unknown): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  if (error instanceof ApiError)
    for (const issue of error.issues) {
      const key = POINTERS[issue.path];
      if (key) fields[key] ??= readable(key, issue.message);
      else other.push(issue.path ? `${issue.path.slice(1)}: ${issue.message}` : issue.message);
    }
  return { fields, other };
}

type Props = {
  initial: PatientFormValues;
  submitLabel: string;
  onSubmit: (input: PatientInput) => Promise<void>;
  error: unknown;
  busy: boolean;
  /** Shown above the buttons: the duplicate warning, the stale-record notice. */
  notice?: ReactNode;
  onCancel: () => void;
};

export function PatientForm({ initial, submitLabel, onSubmit, error, busy, notice, onCancel }: Props) {
  const [values, setValues] = useState(initial);
  // Missing required fields, found before sending; cleared by the next submit.
  const [missing, setMissing] = useState<FieldErrors>({});
  const api = fieldErrorsOf(error);
  const fields = { ...api.fields, ...missing };
  const other = api.other;
  const set =
    <K extends keyof PatientFormValues>(key: K) =>
    (value: PatientFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = checkRequired(values);
    setMissing(problems);
    if (Object.keys(problems).length === 0) void onSubmit(inputOf(values));
  }

  const text = (
    key: keyof PatientFormValues,
    label: string,
    extra: { type?: string; autoComplete?: string; hint?: string; required?: boolean } = {},
  ) => (
    <Field label={label} error={fields[key]} hint={extra.hint} required={extra.required ?? false}>
      {(props) => (
        <TextInput
          {...props}
          name={key}
          type={extra.type ?? 'text'}
          autoComplete={extra.autoComplete ?? 'off'}
          value={values[key] as string}
          onChange={(e) => set(key)(e.target.value as never)}
        />
      )}
    </Field>
  );

  const validation =
    Object.keys(missing).length > 0 || (error instanceof ApiError && error.code === 'VALIDATION_FAILED');
  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      {validation && (
        <Notice tone="error" title="Some fields need attention">
          {Object.keys(fields).length > 0 ? 'Check the messages next to the fields below.' : null}
          {other.length > 0 && (
            <ul className="list-disc pl-5">
              {other.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {error !== null && error !== undefined && !validation && !notice && (
        <Notice tone="error">{describeError(error)}</Notice>
      )}
      <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Person</legend>
        {text('givenName', 'Given name', { required: true, autoComplete: 'off' })}
        {text('familyName', 'Family name', { required: true })}
        {text('birthDate', 'Date of birth', { type: 'date', required: true })}
        <Field label="Sex" error={fields.sex} required>
          {(props) => (
            <Select
              {...props}
              name="sex"
              value={values.sex}
              onChange={(e) => set('sex')(e.target.value as Sex)}
            >
              <option value="">Choose…</option>
              <option value="female">Female</option>
              <option value="male">Male</option>
              <option value="other">Other</option>
              <option value="unknown">Unknown</option>
            </Select>
          )}
        </Field>
        {text('preferredLanguage', 'Preferred language', { hint: 'A language tag, e.g. en or es-MX' })}
      </fieldset>
      <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Contact</legend>
        {text('phone', 'Phone', { type: 'tel' })}
        {text('email', 'E-mail', { type: 'email' })}
        <div className="flex flex-wrap gap-x-6 sm:col-span-2">
          <Checkbox
            label="May contact by SMS"
            checked={values.sms}
            onChange={(e) => set('sms')(e.target.checked)}
          />
          <Checkbox
            label="May contact by e-mail"
            checked={values.emailConsent}
            onChange={(e) => set('emailConsent')(e.target.checked)}
          />
        </div>
      </fieldset>
      <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Address</legend>
        <div className="sm:col-span-2">{text('line', 'Street address')}</div>
        {text('city', 'City')}
        {text('state', 'State or region')}
        {text('postalCode', 'Postal code')}
        {text('country', 'Country', { hint: 'Two-letter code, e.g. US' })}
      </fieldset>
      {notice}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
