// Prints a new signing key pair for AUTH_PRIVATE_KEY (core) and AUTH_PUBLIC_KEYS (every service).
import { generateSigningJwk } from '../src/auth/keys.js';

const { privateJwk, publicJwk } = await generateSigningJwk();
console.log(`AUTH_PRIVATE_KEY='${JSON.stringify(privateJwk)}'`);
console.log(`AUTH_PUBLIC_KEYS='${JSON.stringify({ keys: [publicJwk] })}'`);
