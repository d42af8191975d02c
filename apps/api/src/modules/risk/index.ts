/** The risk score: /predict (core) and /api/patients/:id/risk (patients). */
export { patientRiskRoute, predictRoute } from './risk.routes.js';
export { createRiskService } from './risk.service.js';
