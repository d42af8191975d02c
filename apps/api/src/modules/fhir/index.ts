import type { Clock } from '../../platform/clock.js';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Storage } from '../../storage/index.js';
import { createExports } from './export.js';
import { fhirExportRoutes } from './routes/export.js';
import { busyIntervals, createAppointmentsService, type AppointmentsDeps } from '../appointments/index.js';
import { createObservationsService } from '../observations/index.js';
import { createPatientsService } from '../patients/index.js';
import { createPractitionersService } from '../practitioners/index.js';
import { fhirScope, pagers } from './http.js';
import { fhirAppointmentRoutes } from './routes/appointment.js';
import { fhirObservationRoutes } from './routes/observation.js';
import { fhirPatientRoutes } from './routes/patient.js';
import { fhirPractitionerRoutes } from './routes/practitioner.js';
import { fhirSystemRoutes } from './routes/system.js';

export { FHIR_BASE } from './http.js';

/**
 * FHIR R4 at /fhir/R4: a facade over the same services as /api (their rules, scope checks and
 * audit events), each resource mapped both ways in one file under mappers/. Core mounts all of it
 * (decision 130): $everything and $export read across patients and appointments, which only
 * core's database role may; the load balancer's default rule already sends /fhir to core.
 */
export type FhirOptions = {
  database: Database;
  storage: Storage;
  clinicLocale?: string;
  cursorSecret?: string;
  /** The clock the other modules' rules read (buildApp's). */
  clock?: Clock;
  /** How appointments are booked here as through /api: clock, cut-off, reminders (buildApp passes them). */
  appointmentRules?: AppointmentsDeps;
};

function notFoundAsOutcome(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `No FHIR interaction ${request.method} ${request.url.split('?')[0]} here (see /fhir/R4/metadata)`,
      requestId: request.id,
    }),
  );
}

/** Mounted under /fhir/R4. */
const fhirModule: FastifyPluginAsyncTypebox<FhirOptions> = async (
  app,
  { database, storage, clinicLocale, cursorSecret, clock, appointmentRules },
) => {
  await fhirScope(app);
  notFoundAsOutcome(app);
  const paging = pagers(cursorSecret);
  const patients = createPatientsService(database, { clinicLocale, ...(clock ? { clock } : {}) });
  const appointments = createAppointmentsService(database, appointmentRules);
  const observations = createObservationsService(database);
  const practitioners = createPractitionersService(database, busyIntervals);
  await app.register(fhirSystemRoutes);
  const exports = createExports({
    database,
    storage,
    services: { patients, appointments, observations, practitioners },
    log: app.log,
  });
  await app.register(fhirExportRoutes, { exports, database });
  app.addHook('onReady', async () => {
    await exports.resume().catch((err: unknown) => app.log.error({ err }, 'could not resume FHIR exports'));
  });
  await app.register(fhirPatientRoutes, {
    prefix: '/Patient',
    patients,
    appointments,
    observations,
    pagers: paging,
  });
  await app.register(fhirObservationRoutes, {
    prefix: '/Observation',
    observations,
    database,
    pagers: paging,
  });
  await app.register(fhirAppointmentRoutes, { prefix: '/Appointment', appointments, pagers: paging });
  await app.register(fhirPractitionerRoutes, { prefix: '/Practitioner', practitioners, pagers: paging });
};

export default fhirModule;
