// The API's token signing key: one secret per environment under the data key, filled at deploy time by an
// inline custom-resource function that keeps an existing key; core gets the private key, every service the
// public keys. The function's code itself runs here against an in-memory secret.
import { createHash, createPublicKey, sign, verify, createPrivateKey } from 'node:crypto';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HANDLER_SOURCE } from '../lib/constructs/signing-key/index.js';
import { loadInline } from './inline.js';
import { synth } from './synth.js';

type Res = { Properties: Record<string, unknown> };
type Jwk = { kty: string; crv: string; x: string; d?: string; kid: string; alg?: string; use?: string };
interface Handler {
  ensure(
    store: { get(id: string): Promise<string>; put(id: string, v: string): Promise<void> },
    id: string,
  ): Promise<string>;
}

const loadHandler = () => loadInline<Handler>(HANDLER_SOURCE);

function memoryStore(initial: string) {
  const values = new Map([['arn:secret', initial]]);
  let writes = 0;
  return {
    get: async (id: string) => values.get(id) ?? '',
    put: async (id: string, v: string) => {
      writes += 1;
      values.set(id, v);
    },
    value: () => JSON.parse(values.get('arn:secret')!) as { privateKey: string; publicKeys: string },
    writes: () => writes,
  };
}

describe('the key generator (inline function code)', () => {
  it('fits in an inline ZipFile and needs no bundling', () => {
    expect(HANDLER_SOURCE.length).toBeLessThan(4096);
  });

  it('replaces the placeholder with an Ed25519 pair whose kid is its RFC 7638 thumbprint, once', async () => {
    const handler = loadHandler();
    const store = memoryStore('Xq9-random-placeholder-from-secrets-manager');
    expect(await handler.ensure(store, 'arn:secret')).toBe('generated a new key');
    const { privateKey, publicKeys } = store.value();
    const priv = JSON.parse(privateKey) as Jwk;
    const jwks = JSON.parse(publicKeys) as { keys: Jwk[] };
    expect(priv).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(priv.d).toMatch(/^[\w-]{43}$/);
    const thumbprint = createHash('sha256')
      .update(`{"crv":"Ed25519","kty":"OKP","x":"${priv.x}"}`)
      .digest('base64url');
    expect(priv.kid).toBe(thumbprint);
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: priv.x, kid: thumbprint, alg: 'EdDSA', use: 'sig' },
    ]);
    expect(publicKeys).not.toContain('"d"');

    // The public key verifies what the private key signs.
    const message = Buffer.from('header.payload');
    const signature = sign(null, message, createPrivateKey({ key: priv, format: 'jwk' }));
    expect(verify(null, message, createPublicKey({ key: jwks.keys[0]!, format: 'jwk' }), signature)).toBe(
      true,
    );

    // A redeploy keeps the key: tokens and the services' public keys stay valid.
    expect(await handler.ensure(store, 'arn:secret')).toBe('kept the existing key');
    expect(store.writes()).toBe(1);
    expect(store.value().privateKey).toBe(privateKey);
  });
});

describe.each(['dev', 'prod'] as const)('%s signing key', (env) => {
  const data = () => synth(env).template('data');
  const services = () => synth(env).template('services');

  it('is a secret under the data key, filled by the inline generator in the VPC', () => {
    const secrets = data().findResources('AWS::SecretsManager::Secret', {
      Properties: { Description: Match.stringLikeRegexp('signing key') },
    });
    const [secretId] = Object.keys(secrets);
    expect(secrets[secretId!]?.Properties.KmsKeyId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'],
    });
    data().hasResourceProperties('Custom::Ed25519SigningKey', { SecretId: { Ref: secretId } });
    data().hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `healthcare-app-${env}-signing-key`,
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: HANDLER_SOURCE },
      ReservedConcurrentExecutions: 1,
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      DeadLetterConfig: {
        TargetArn: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('AlarmTopic') }),
      },
    });
  });

  it('injects AUTH_PRIVATE_KEY into core only and AUTH_PUBLIC_KEYS into all three', () => {
    const defs = Object.values(services().findResources('AWS::ECS::TaskDefinition')) as Res[];
    expect(defs).toHaveLength(3);
    for (const d of defs) {
      const family = String(d.Properties.Family).split('-').pop();
      const app = (
        d.Properties.ContainerDefinitions as {
          Name: string;
          Secrets: { Name: string; ValueFrom: unknown }[];
        }[]
      )[0]!;
      const byName = Object.fromEntries(app.Secrets.map((s) => [s.Name, JSON.stringify(s.ValueFrom)]));
      expect(byName.AUTH_PUBLIC_KEYS, family).toMatch(/:publicKeys::"/);
      if (family === 'core') expect(byName.AUTH_PRIVATE_KEY).toMatch(/:privateKey::"/);
      else expect(Object.keys(byName), family).not.toContain('AUTH_PRIVATE_KEY');
    }
  });
});
