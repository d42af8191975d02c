import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from '@medicare/contracts';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes). */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the account does not exist keeps the answer's timing the same. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword('decoy password that matches nothing'));

let strength: ZxcvbnFactory | undefined;

/**
 * Why a password is refused, or undefined when it is acceptable: at least 12 characters, and not
 * guessable (zxcvbn score 3 or more, which rules out the common-password lists it carries).
 */
export function passwordProblem(password: string, context: string[] = []): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  strength ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  const result = strength.check(password.slice(0, 100), context);
  if (result.score < 3) return 'is too common or too easy to guess; try a few unrelated words';
  return undefined;
}
