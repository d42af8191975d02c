import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import { patientsRoutes } from './patients.routes.js';
import { createPatientsService, type OnPatientDeleted } from './patients.service.js';

export { lockPatient, patientExists, requirePatientInScope } from './patients.access.js';
/** The stored record by id, for features that must know a patient's identifiers (de-identification). */
export { findPatient } from './patients.repository.js';

export type { OnPatientDeleted };
/** The API's rules for a patient record and the near-duplicate rule, for imports (modules/imports). */
export { toWrite as patientWriteOf, today } from './patients.service.js';
export { likelyDuplicate, type DuplicateKeys } from './duplicates.js';
export type { PatientWrite } from './patients.repository.js';
/** The service itself, for the FHIR facade (modules/fhir): the same rules, scope and audit. */
export { createPatientsService, type PatientsService } from './patients.service.js';

/** The patient service: /api/patients. Other modules reach patients only through this file. */
const patientsModule: FastifyPluginAsyncTypebox<{
  database: Database;
  clinicLocale?: string;
  onDeleted?: OnPatientDeleted[];
  clock?: Clock;
}> = async (app, { database, clinicLocale, onDeleted = [], clock }) => {
  await app.register(patientsRoutes, {
    service: createPatientsService(database, { clinicLocale, onDeleted, ...(clock ? { clock } : {}) }),
  });
};

export default patientsModule;
