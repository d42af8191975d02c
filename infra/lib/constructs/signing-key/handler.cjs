// Deploy-time generator of the API's Ed25519 signing key (a CloudFormation custom resource, inline code).
// Writes {"privateKey": <private JWK>, "publicKeys": <JWKS>} into the secret only while it holds no key,
// so redeploys keep the key. Never returns key material to CloudFormation.
// Lambda runs this file as CommonJS on Node.js 24, with the AWS SDK v3 in the runtime:
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports */
const crypto = require('node:crypto');
const { customResource } = require('../inline-function/cfn-response.cjs');

function newKey() {
  const jwk = crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, base64url.
  const members = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  const kid = crypto.createHash('sha256').update(members).digest('base64url');
  const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
  return { privateKey: JSON.stringify({ ...jwk, kid }), publicKeys: JSON.stringify({ keys: [pub] }) };
}

function hasKey(text) {
  try {
    const v = JSON.parse(text);
    return JSON.parse(v.privateKey).d !== undefined && JSON.parse(v.publicKeys).keys.length > 0;
  } catch {
    return false;
  }
}

/** store: { get(id) -> string, put(id, string) }. */
async function ensure(store, secretId) {
  if (hasKey(await store.get(secretId))) return 'kept the existing key';
  await store.put(secretId, JSON.stringify(newKey()));
  return 'generated a new key';
}

function secretsManager() {
  const sm = require('@aws-sdk/client-secrets-manager');
  const client = new sm.SecretsManagerClient({});
  return {
    get: async (id) => (await client.send(new sm.GetSecretValueCommand({ SecretId: id }))).SecretString,
    put: (id, value) => client.send(new sm.PutSecretValueCommand({ SecretId: id, SecretString: value })),
  };
}

exports.handler = customResource((event) => ensure(secretsManager(), event.ResourceProperties.SecretId), {
  onDelete: 'nothing to do on delete',
  physicalId: (event) => event.ResourceProperties.SecretId,
});
exports.ensure = ensure;
exports.newKey = newKey;
