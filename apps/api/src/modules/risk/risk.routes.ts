import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, PatientRisk, PatientRiskQuery, Prediction, PredictQuery } from '@medicare/contracts';
import { errors } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import { predictFromQuery, type RiskService } from './risk.service.js';

const tags = ['risk'];

/**
 * GET /predict (core): a stateless calculator that holds no patient data, so, like the seed's, it
 * needs no sign-in; it is rate limited per address more tightly than the rest.
 */
export const predictRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/predict',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: '10-year ASCVD risk (ACC/AHA Pooled Cohort Equations, 2013) from the inputs given',
        querystring: PredictQuery,
        response: { 200: Prediction, ...errors(400, 422, 429) },
      },
    },
    async (request) => predictFromQuery(request.query),
  );
};

/** GET /api/patients/:id/risk (the patients service). */
export const patientRiskRoute: FastifyPluginAsyncTypebox<{ service: RiskService }> = async (
  app,
  { service },
) => {
  app.get(
    '/:id/risk',
    {
      config: { permission: 'clinical.read', auditAs: { resourceType: 'risk', patientIdParam: 'id' } },
      schema: {
        tags,
        summary:
          'The patient’s 10-year ASCVD risk from their latest observations, with the source of each input',
        params: IdParams,
        querystring: PatientRiskQuery,
        response: { 200: PatientRisk, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => service.forPatient(contextOf(request), request.params.id, request.query.race),
  );
};
