/**
 * Which service owns which path: the one table that the API's SERVICES mounting (apps/api/src/app.ts)
 * and the load balancer's path rules read. A path under a prefix below goes to its service; every
 * other path (/api/auth, /api/users, /api/audit, /api/imports, /api/knowledge, /api/assistant, /predict, /ws,
 * /.well-known/*, the web app) goes to `core`. /health and /health/ready answer on every service.
 */
export const SERVICE_NAMES = ['patients', 'appointments', 'core'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Path stems as the load balancer matches them (`${stem}*`). Everything under a patient (observations,
 * risk, documents) travels with the patient.
 */
export const ROUTE_OWNERS = {
  '/api/patients': 'patients',
  // One stem for /api/appointments, /api/appointment-types and /api/appointment-reminders: the ALB's rule
  // for a service holds three patterns (decision 090), and the canary shifts one rule per service.
  '/api/appointment': 'appointments',
  '/api/practitioners': 'appointments',
  '/api/slots': 'appointments',
} as const satisfies Record<string, Exclude<ServiceName, 'core'>>;

export type OwnedPrefix = keyof typeof ROUTE_OWNERS;

/** The service that answers a request path, as the load balancer decides it. */
export function serviceOfPath(path: string): ServiceName {
  for (const [prefix, service] of Object.entries(ROUTE_OWNERS) as [OwnedPrefix, ServiceName][]) {
    if (path.startsWith(prefix)) return service; // as the ALB's `${prefix}*` pattern matches
  }
  return 'core';
}

/** The load balancer's path patterns for a service (ALB wildcards); none for core, the default rule. */
export function pathPatternsOf(service: ServiceName): string[] {
  return (Object.entries(ROUTE_OWNERS) as [OwnedPrefix, ServiceName][])
    .filter(([, owner]) => owner === service)
    .map(([prefix]) => `${prefix}*`);
}
