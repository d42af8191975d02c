import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { practitionersRoutes } from './practitioners.routes.js';
import { createPractitionersService, type BusyIntervalsOf } from './practitioners.service.js';

export {
  lockPractitioner,
  findHours,
  findHoursOf,
  existingPractitionerIds,
} from './practitioners.repository.js';
export {
  DEFAULT_HOURS,
  openIntervals,
  withinHours,
  localDateOf,
  localOf,
  instantOf,
  type Hours,
  type Interval,
} from './hours.js';
export type { BusyIntervalsOf };
/** The API's rules for a practitioner, for imports (modules/imports). */
export { toWrite as practitionerWriteOf, isTimeZone } from './practitioners.service.js';
export type { PractitionerWrite } from './practitioners.repository.js';
/** The service itself, for the FHIR facade (modules/fhir). */
export { createPractitionersService, type PractitionersService } from './practitioners.service.js';

/** /api/practitioners: mounted with the appointment service, which books their time. */
const practitionersModule: FastifyPluginAsyncTypebox<{
  database: Database;
  busyIntervals: BusyIntervalsOf;
}> = async (app, { database, busyIntervals }) => {
  await app.register(practitionersRoutes, {
    service: createPractitionersService(database, busyIntervals),
  });
};

export default practitionersModule;
