export * from './patients.js';
export * from './practitioners.js';
export * from './appointments.js';
export * from './users.js';
export * from './audit.js';
export * from './observations.js';
export * from './documents.js';
export * from './idempotency.js';
