import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The database password from the RDS-managed secret, re-read at most once a minute: when RDS
 * rotates it, new connections pick up the new password within a minute, without a restart.
 * (The task also gets PGPASSWORD at start; that copy goes stale at the first rotation.)
 */
export function secretPassword(
  secretArn: string,
  client: SecretsManagerClient,
  options: { maxAgeMs?: number; now?: () => number } = {},
): () => Promise<string> {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { password: string; at: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const fetchPassword = async () => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const parsed = JSON.parse(result.SecretString ?? '{}') as { password?: unknown };
    if (typeof parsed.password !== 'string' || parsed.password === '') {
      throw new Error('the database secret has no password field');
    }
    cached = { password: parsed.password, at: now() };
    return parsed.password;
  };
  return async () => {
    if (cached && now() - cached.at < maxAgeMs) return cached.password;
    inFlight ??= fetchPassword().finally(() => (inFlight = undefined));
    try {
      return await inFlight;
    } catch (error) {
      // Secrets Manager unreachable: the last password known is the best guess.
      if (cached) return cached.password;
      throw error;
    }
  };
}
