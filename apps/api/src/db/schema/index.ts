export * from './patients.js';
export * from './practitioners.js';
export * from './appointments.js';
