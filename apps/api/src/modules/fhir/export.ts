import { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../../auth/principal.js';
import type { Database, Executor } from '../../db/client.js';
import { fhirExports, type FhirExportRow } from '../../db/schema/index.js';
import type { Storage } from '../../storage/index.js';
import type { AppointmentsService } from '../appointments/index.js';
import type { ObservationsService } from '../observations/index.js';
import type { PatientsService } from '../patients/index.js';
import type { PractitionersService } from '../practitioners/index.js';
import { toFhirAppointment } from './mappers/appointment.js';
import { toFhirObservation } from './mappers/observation.js';
import { toFhirPatient } from './mappers/patient.js';
import { toFhirPractitioner } from './mappers/practitioner.js';

export const EXPORT_TYPES = ['Patient', 'Practitioner', 'Appointment', 'Observation'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const exportFileKey = (id: string, type: string) => `fhir-exports/${id}/${type}.ndjson`;

type Services = {
  patients: PatientsService;
  appointments: AppointmentsService;
  observations: ObservationsService;
  practitioners: PractitionersService;
};

/** Every page of a cursor-paged list, through the service (each page audited as the service audits it). */
async function* pages<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  let cursor: string | undefined;
  for (;;) {
    const page = await list(cursor);
    yield* page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * Bulk Data export jobs: accepted by the kick-off, run in the background in this process, durable in
 * `fhir_exports` (a restarted process resumes the jobs it finds unfinished), NDJSON files in document
 * storage. The data is read through the same services as /api, as the admin who asked: every page is
 * audited to them.
 */
export function createExports(deps: {
  database: Pick<Database, 'db'>;
  storage: Storage;
  services: Services;
  log: FastifyBaseLogger;
}) {
  const { database, storage, services, log } = deps;
  const { db } = database;
  const running = new Set<string>();

  function contextOf(job: FhirExportRow): RequestContext {
    return {
      principal: {
        userId: job.requestedBy,
        role: job.requestedRole,
        patientId: null,
        sessionId: '00000000-0000-0000-0000-000000000000',
      },
      requestId: `fhir-export-${job.id}`,
      ip: job.requestIp,
      userAgent: 'fhir $export',
    };
  }

  function resourcesOf(ctx: RequestContext, type: ExportType): AsyncIterable<Resource> {
    const { patients, appointments, observations, practitioners } = services;
    const limit = 100;
    switch (type) {
      case 'Patient':
        return map(
          pages((cursor) => patients.list(ctx, { limit, cursor })),
          toFhirPatient,
        );
      case 'Practitioner':
        return map(
          pages((cursor) => practitioners.list({ limit, cursor })),
          toFhirPractitioner,
        );
      case 'Appointment':
        return map(
          pages((cursor) => appointments.list(ctx, { limit, cursor })),
          toFhirAppointment,
        );
      case 'Observation':
        return (async function* () {
          for await (const patient of pages((cursor) => patients.list(ctx, { limit, cursor }))) {
            yield* map(
              pages((cursor) => observations.list(ctx, patient.id, { limit, cursor })),
              toFhirObservation,
            );
          }
        })();
    }
  }

  async function run(job: FhirExportRow): Promise<void> {
    if (running.has(job.id)) return;
    running.add(job.id);
    try {
      await db
        .update(fhirExports)
        .set({ state: 'running', startedAt: new Date() })
        .where(eq(fhirExports.id, job.id));
      const ctx = contextOf(job);
      const output: { type: string; count: number }[] = [];
      for (const type of job.types as ExportType[]) {
        let count = 0;
        const lines = (async function* () {
          for await (const resource of resourcesOf(ctx, type)) {
            count++;
            yield `${JSON.stringify(resource)}\n`;
          }
        })();
        await storage.put(exportFileKey(job.id, type), Readable.from(lines));
        output.push({ type, count });
      }
      await db
        .update(fhirExports)
        .set({ state: 'completed', output, completedAt: new Date() })
        .where(eq(fhirExports.id, job.id));
    } catch (err) {
      log.error({ err, exportId: job.id }, 'FHIR export failed');
      await db
        .update(fhirExports)
        .set({
          state: 'failed',
          error: 'The export failed; the request id in the log helps us find why',
          completedAt: new Date(),
        })
        .where(eq(fhirExports.id, job.id))
        .catch((error: unknown) => log.error({ err: error }, 'could not record a failed export'));
    } finally {
      running.delete(job.id);
    }
  }

  return {
    /** Records the job in the caller's (audited) transaction; `run` it once that has committed. */
    async create(
      tx: Executor,
      input: { ctx: RequestContext; requestUrl: string; types: ExportType[] },
    ): Promise<FhirExportRow> {
      const [job] = await tx
        .insert(fhirExports)
        .values({
          requestedBy: input.ctx.principal.userId,
          requestedRole: input.ctx.principal.role,
          requestIp: input.ctx.ip,
          requestUrl: input.requestUrl,
          types: input.types,
        })
        .returning();
      return job!;
    },

    run: (job: FhirExportRow) => void run(job),

    /** The caller's own job (another admin's is not theirs to poll). */
    async find(ex: Executor, ctx: RequestContext, id: string): Promise<FhirExportRow | undefined> {
      const [job] = await ex
        .select()
        .from(fhirExports)
        .where(and(eq(fhirExports.id, id), eq(fhirExports.requestedBy, ctx.principal.userId)));
      return job;
    },

    /** Jobs a stopped process left unfinished: run them again (their files are written afresh). */
    async resume(): Promise<void> {
      const unfinished = await db
        .select()
        .from(fhirExports)
        .where(inArray(fhirExports.state, ['accepted', 'running']));
      for (const job of unfinished) void run(job);
    },

    file: (id: string, type: string) => storage.get(exportFileKey(id, type)),
  };
}

export type Exports = ReturnType<typeof createExports>;

async function* map<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncIterable<U> {
  for await (const item of items) yield f(item);
}
