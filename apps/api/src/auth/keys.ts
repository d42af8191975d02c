import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';

export const SIGNING_ALG = 'EdDSA';

export type SigningKey = { kid: string; key: CryptoKey };
export type KeyRing = {
  /** Signs access tokens; absent in a service that only verifies (patients, appointments). */
  signing: SigningKey | undefined;
  /** Every key a token may be signed with: the current one and those being rotated out. */
  verify: Map<string, CryptoKey>;
  /** The public half of each, as served at /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
};

export class KeyConfigError extends Error {}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KeyConfigError(`${name}: is not JSON`);
  }
}

const publicPart = ({ kty, crv, x, kid }: JWK): JWK => ({ kty, crv, x, kid, alg: SIGNING_ALG, use: 'sig' });

/**
 * Builds the key ring from configuration: AUTH_PRIVATE_KEY (a private Ed25519 JWK) and
 * AUTH_PUBLIC_KEYS (a JWKS or an array of public JWKs: the keys being rotated out, or all a
 * verifying-only service needs).
 */
export async function keyRingFrom(
  privateKeyJson: string | undefined,
  publicKeysJson: string | undefined,
): Promise<KeyRing> {
  const publics: JWK[] = [];
  let signing: SigningKey | undefined;
  if (privateKeyJson) {
    const jwk = parseJson('AUTH_PRIVATE_KEY', privateKeyJson) as JWK;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) {
      throw new KeyConfigError(
        'AUTH_PRIVATE_KEY: must be a private Ed25519 JWK (kty OKP, crv Ed25519, with d)',
      );
    }
    const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
    signing = { kid, key: (await importJWK({ ...jwk, kid }, SIGNING_ALG)) as CryptoKey };
    publics.push(publicPart({ ...jwk, kid }));
  }
  if (publicKeysJson) {
    const parsed = parseJson('AUTH_PUBLIC_KEYS', publicKeysJson);
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(list))
      throw new KeyConfigError('AUTH_PUBLIC_KEYS: must be a JWKS or an array of JWKs');
    for (const jwk of list as JWK[]) {
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d) {
        throw new KeyConfigError('AUTH_PUBLIC_KEYS: every key must be a public Ed25519 JWK');
      }
      const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
      if (!publics.some((k) => k.kid === kid)) publics.push(publicPart({ ...jwk, kid }));
    }
  }
  if (publics.length === 0)
    throw new KeyConfigError('AUTH_PRIVATE_KEY or AUTH_PUBLIC_KEYS: no key to verify tokens with');
  const verify = new Map<string, CryptoKey>();
  for (const jwk of publics) verify.set(jwk.kid!, (await importJWK(jwk, SIGNING_ALG)) as CryptoKey);
  return { signing, verify, jwks: { keys: publics } };
}

/** A new Ed25519 pair as JWKs, with its thumbprint as kid. */
export async function generateSigningJwk(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  privateJwk.kid = await calculateJwkThumbprint(privateJwk);
  return { privateJwk, publicJwk: publicPart(privateJwk) };
}

/**
 * Embedded mode: the key pair lives under DATA_DIR, made on first start and kept (mode 0600), so
 * tokens survive a restart. Servers get their keys from configuration (Secrets Manager on AWS).
 */
export async function loadOrCreateLocalKey(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { privateJwk } = await generateSigningJwk();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(privateJwk);
  writeFileSync(file, text, { mode: 0o600 });
  return text;
}
