import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, PatientInput, type Patient } from '@medicare/contracts';
import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../../../auth/principal.js';
import { grantOf } from '../../../auth/permissions.js';
import { contextOf } from '../../../plugins/auth.js';
import { AppError } from '../../../lib/errors.js';
import { digitsOf, fold } from '../../../lib/text.js';
import type { AppointmentsService } from '../../appointments/index.js';
import type { ObservationsService } from '../../observations/index.js';
import type { PatientsService } from '../../patients/index.js';
import { pageUrl, searchset } from '../bundle.js';
import { baseOf, FhirResource, outcomes, selfOf, sendVersioned, type Pagers } from '../http.js';
import { toFhirAppointment } from '../mappers/appointment.js';
import { isUuid, renamed, MRN_SYSTEM } from '../mappers/common.js';
import { toFhirObservation } from '../mappers/observation.js';
import { fromFhirPatient, PATIENT_ELEMENTS, toFhirPatient } from '../mappers/patient.js';
import { readParams, tokenParam, type Params } from '../search.js';
import { checkDomain, checkStructure } from '../validate.js';

const tags = ['fhir'];
const auditAs = { resourceType: 'patient', patientIdParam: 'id' };
/** Pages of 100 read for $everything, at most this many per kind (10,000 records). */
const EVERYTHING_PAGES = 100;

const words = (text: string) =>
  fold(text)
    .split(/[\s'-]+/)
    .filter((w) => w.length > 0);

/** FHIR's string search: every word given starts some word of the name. */
function startsWords(given: string, name: string): boolean {
  const have = words(name);
  return words(given).every((w) => have.some((h) => h.startsWith(w)));
}

/** The checks each parameter makes of a record; the search asks the service for a superset. */
function matches(p: Patient, params: Params): boolean {
  return (
    params.get('name').every((v) => startsWords(v, `${p.givenName} ${p.familyName}`)) &&
    params.get('family').every((v) => startsWords(v, p.familyName)) &&
    params.get('given').every((v) => startsWords(v, p.givenName)) &&
    params.get('identifier').every((v) => {
      const t = tokenParam(v);
      return (t.system === undefined || t.system === MRN_SYSTEM) && t.code.toUpperCase() === p.mrn;
    }) &&
    params.get('email').every((v) => p.email !== null && tokenParam(v).code.toLowerCase() === p.email) &&
    params
      .get('phone')
      .every((v) => p.phone !== null && digitsOf(tokenParam(v).code) === digitsOf(p.phone)) &&
    params.get('_id').every((v) => v === p.id)
  );
}

function birthDateOf(params: Params): string | undefined {
  const value = params.first('birthdate');
  if (value === undefined) return undefined;
  const match = /^(?:eq)?(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (!match) {
    throw new AppError('VALIDATION_FAILED', 'The search is not valid', {
      issues: [{ path: 'birthdate', message: 'must be a full date (1980-01-31), optionally eq1980-01-31' }],
    });
  }
  return match[1];
}

/** What to ask the patients service for: the most selective text it understands. */
function queryText(params: Params): string | undefined {
  const identifier = params.first('identifier');
  if (identifier !== undefined) return tokenParam(identifier).code;
  const email = params.get('email')[0];
  if (email !== undefined) return tokenParam(email).code;
  const phone = params.get('phone')[0];
  if (phone !== undefined) return tokenParam(phone).code;
  const text = [...params.get('name'), ...params.get('family'), ...params.get('given')].join(' ').trim();
  return text ? text.slice(0, 100) : undefined;
}

export const fhirPatientRoutes: FastifyPluginAsyncTypebox<{
  patients: PatientsService;
  appointments: AppointmentsService;
  observations: ObservationsService;
  pagers: Pagers;
}> = async (app, { patients, appointments, observations, pagers }) => {
  async function search(ctx: RequestContext, params: Params) {
    const id = params.first('_id');
    if (id !== undefined && !isUuid(id)) return { items: [], nextCursor: null, total: 0 };
    if (id !== undefined) {
      const one = await patients.get(ctx, id).catch((error: unknown) => {
        if (error instanceof AppError && error.statusCode === 404) return undefined;
        throw error;
      });
      const found = one && matches(one, params) ? [one] : [];
      return { items: found, nextCursor: null, total: found.length };
    }
    const identifier = params.first('identifier');
    if (identifier !== undefined) {
      const t = tokenParam(identifier);
      if ((t.system !== undefined && t.system !== MRN_SYSTEM) || !/^MC\d+$/i.test(t.code))
        return { items: [], nextCursor: null, total: 0 };
    }
    const page = await patients.list(ctx, {
      q: queryText(params),
      birthDate: birthDateOf(params),
      limit: params.count,
      cursor: pagers.open('Patient', params.cursor),
    });
    return { items: page.items.filter((p) => matches(p, params)), nextCursor: page.nextCursor };
  }

  app.get(
    '',
    {
      config: { permission: 'patient.search', auditAs },
      schema: {
        tags,
        summary:
          'FHIR Patient search (name, family, given, birthdate, identifier, phone, email, _id, _count)',
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 200: FhirResource, ...outcomes(400, 401, 403) },
      },
    },
    async (request) => {
      const params = readParams('Patient', request.query, request.headers.prefer);
      const page = await search(contextOf(request), params);
      const self = selfOf(request);
      const next = pagers.seal('Patient', page.nextCursor);
      return searchset(baseOf(request), {
        matches: page.items.map(toFhirPatient),
        self,
        next: next && pageUrl(self, next),
        total: 'total' in page ? page.total : undefined,
        ignored: params.ignored,
      });
    },
  );

  app.post(
    '',
    {
      config: { permission: 'patient.create', auditAs },
      schema: {
        tags,
        summary: 'FHIR Patient create (?allowDuplicate=true as in POST /api/patients)',
        querystring: Type.Object(
          { allowDuplicate: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        body: FhirResource,
        response: { 201: FhirResource, ...outcomes(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const input = checkDomain(PatientInput, fromFhirPatient(request.body), PATIENT_ELEMENTS, 'Patient');
      const created = await patients
        .create(contextOf(request), input, { allowDuplicate: request.query.allowDuplicate })
        .catch((error: unknown) => Promise.reject(renamed(error, PATIENT_ELEMENTS, 'Patient')));
      void reply.header('location', `${baseOf(request)}/Patient/${created.id}`);
      return sendVersioned(reply, toFhirPatient(created), 201);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'patient.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Patient read',
        params: IdParams,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, toFhirPatient(await patients.get(contextOf(request), request.params.id))),
  );

  app.put(
    '/:id',
    {
      config: { permission: 'patient.update', auditAs },
      schema: {
        tags,
        summary: 'FHIR Patient update; send If-Match with the ETag you read',
        params: IdParams,
        body: FhirResource,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const input = checkDomain(PatientInput, fromFhirPatient(request.body), PATIENT_ELEMENTS, 'Patient');
      const updated = await patients
        .update(contextOf(request), request.params.id, input, request.headers['if-match'])
        .catch((error: unknown) => Promise.reject(renamed(error, PATIENT_ELEMENTS, 'Patient')));
      return sendVersioned(reply, toFhirPatient(updated));
    },
  );

  app.get(
    '/:id/$everything',
    {
      config: { permission: 'patient.read', auditAs },
      schema: {
        tags,
        summary:
          'FHIR Patient $everything: the patient, their appointments and observations (the patient may ask for their own)',
        params: IdParams,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { id } = request.params;
      const patient = await patients.get(ctx, id);
      const included: Resource[] = [];
      const role = ctx.principal.role;
      // Each part as the caller's role may see it: front desk gets appointments, not clinical data.
      if (grantOf(role, 'appointment.read')) {
        let cursor: string | undefined;
        for (let i = 0; i < EVERYTHING_PAGES; i++) {
          const page = await appointments.listForPatient(ctx, id, { limit: 100, cursor });
          included.push(...page.items.map(toFhirAppointment));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
      }
      if (grantOf(role, 'clinical.read')) {
        let cursor: string | undefined;
        for (let i = 0; i < EVERYTHING_PAGES; i++) {
          const page = await observations.list(ctx, id, { limit: 100, cursor });
          included.push(...page.items.map(toFhirObservation));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
      }
      return searchset(baseOf(request), {
        matches: [toFhirPatient(patient)],
        included,
        self: selfOf(request),
        total: 1,
      });
    },
  );
};
