// The three inline functions share their CloudFormation-response and Secrets Manager plumbing
// (lib/constructs/inline-function); each still ships as one self-contained file. Here each assembled
// source loads as Lambda would load it, and the rotations' shared last step runs on in-memory secrets.
import { describe, expect, it } from 'vitest';
import { DATABASE_ROLES_HANDLER_SOURCE } from '../lib/constructs/database-roles/index.js';
import { ORIGIN_VERIFY_HANDLER_SOURCE } from '../lib/constructs/origin-verify/index.js';
import { HANDLER_SOURCE as SIGNING_KEY_HANDLER_SOURCE } from '../lib/constructs/signing-key/index.js';
import { loadInline } from './inline.js';

type Secrets = {
  version(id: string, stage: string, token?: string): Promise<{ token: string; value: string } | undefined>;
  putPending(id: string, token: string, value: string): Promise<void>;
  promote(id: string, token: string, from: string): Promise<void>;
};
type Loaded = {
  handler: unknown;
  rotate?: (...args: unknown[]) => Promise<string>;
};

const load = (source: string) => loadInline<Loaded>(source);

/** A secret with AWSCURRENT at version v1 and whatever the rotation stages. */
function memorySecrets() {
  const versions = new Map([['v1', { stages: ['AWSCURRENT'], value: '{"username":"u","value":"a"}' }]]);
  const secrets: Secrets = {
    version: async (_id, stage, token) => {
      for (const [t, v] of versions)
        if (v.stages.includes(stage) && (token === undefined || t === token))
          return { token: t, value: v.value };
      return undefined;
    },
    putPending: async (_id, token, value) => void versions.set(token, { stages: ['AWSPENDING'], value }),
    promote: async (_id, token, from) => {
      versions.get(from)!.stages = ['AWSPREVIOUS'];
      versions.get(token)!.stages = ['AWSCURRENT'];
    },
  };
  return { secrets, current: () => [...versions].find(([, v]) => v.stages.includes('AWSCURRENT'))?.[0] };
}

describe('the inline functions', () => {
  it.each([
    ['database roles', DATABASE_ROLES_HANDLER_SOURCE],
    ['origin verify', ORIGIN_VERIFY_HANDLER_SOURCE],
    ['signing key', SIGNING_KEY_HANDLER_SOURCE],
  ])('%s: one file with the shared modules in it, that loads', (_name, source) => {
    expect(source).not.toMatch(/require\('\.\.?\//);
    expect(typeof load(source).handler).toBe('function');
  });

  it('finish a rotation once: the pending version becomes current, a second finish changes nothing', async () => {
    const roles = load(DATABASE_ROLES_HANDLER_SOURCE);
    const origin = load(ORIGIN_VERIFY_HANDLER_SOURCE);
    const finish = { SecretId: 'arn:secret', ClientRequestToken: 'v2', Step: 'finishSecret' };
    for (const [rotate, deps] of [
      [roles.rotate!, (secrets: Secrets) => [{ secrets, sql: async () => undefined }, finish, {}]],
      [origin.rotate!, (secrets: Secrets) => [finish, { secrets }, { HEADER_NAME: 'x-origin-verify' }]],
    ] as const) {
      const memory = memorySecrets();
      await memory.secrets.putPending('arn:secret', 'v2', '{"username":"u","value":"b"}');
      expect(await rotate(...deps(memory.secrets))).toBe('promoted');
      expect(memory.current()).toBe('v2');
      expect(await rotate(...deps(memory.secrets))).toBe('already current');
    }
  });
});
