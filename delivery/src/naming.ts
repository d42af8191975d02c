// Physical names the pipelines and wrappers use; a test checks them against infra/ so a rename there fails here.

export type EnvName = 'dev' | 'prod';
export type ServiceName = 'patients' | 'appointments' | 'core';

export const SERVICES: readonly ServiceName[] = ['patients', 'appointments', 'core'];
export const REGION = 'us-east-1';

const REPOSITORY_SUFFIX: Readonly<Record<ServiceName, string>> = {
  patients: 'patient-service',
  appointments: 'appointment-service',
  core: 'core-service',
};

export const prefix = (env: EnvName) => `healthcare-app-${env}`;
export const repositoryName = (env: EnvName, service: ServiceName) =>
  `${prefix(env)}-${REPOSITORY_SUFFIX[service]}`;
export const clusterName = (env: EnvName) => `${prefix(env)}-cluster`;
export const serviceName = (env: EnvName, service: ServiceName) => `${prefix(env)}-${service}`;
export const stackName = (env: EnvName, key: string) =>
  `MedicareHub-${env}-${key[0]?.toUpperCase()}${key.slice(1)}`;
export const migrationFamily = (env: EnvName) => `${prefix(env)}-migrate`;

export function isEnvName(value: unknown): value is EnvName {
  return value === 'dev' || value === 'prod';
}

/** An image is named by digest (sha256:…, what the pipelines promote) or by tag (the commit SHA). */
export function isDigest(image: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(image);
}
