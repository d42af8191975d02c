export * from './errors.js';
export * from './common.js';
export * from './health.js';
export * from './patients.js';
export * from './practitioners.js';
export * from './appointments.js';
export * from './auth.js';
export * from './audit.js';
