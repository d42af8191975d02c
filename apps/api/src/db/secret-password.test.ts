import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretPassword } from './secret-password.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-abc';
const sm = mockClient(SecretsManagerClient);
beforeEach(() => sm.reset());

describe('the database password from Secrets Manager', () => {
  it('reads the rotated password after a minute, not before', async () => {
    let t = 0;
    sm.on(GetSecretValueCommand, { SecretId: ARN })
      .resolvesOnce({ SecretString: '{"username":"app","password":"first"}' })
      .resolvesOnce({ SecretString: '{"username":"app","password":"second"}' });
    const password = secretPassword(ARN, new SecretsManagerClient({}), { now: () => t });
    expect(await password()).toBe('first');
    t = 59_000;
    expect(await password()).toBe('first');
    t = 61_000;
    expect(await password()).toBe('second');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('asks once for many connections opening at the same moment', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"password":"p"}' });
    const password = secretPassword(ARN, new SecretsManagerClient({}));
    expect(await Promise.all([password(), password(), password()])).toEqual(['p', 'p', 'p']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('keeps the last known password while Secrets Manager is unreachable, and fails without one', async () => {
    let t = 0;
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: '{"password":"known"}' })
      .rejects(new Error('timeout'));
    const password = secretPassword(ARN, new SecretsManagerClient({}), { now: () => t });
    expect(await password()).toBe('known');
    t = 120_000;
    expect(await password()).toBe('known');
    const fresh = secretPassword(ARN, new SecretsManagerClient({}));
    await expect(fresh()).rejects.toThrow(/timeout/);
  });

  it('refuses a secret without a password', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"app"}' });
    await expect(secretPassword(ARN, new SecretsManagerClient({}))()).rejects.toThrow(/no password/);
  });
});
