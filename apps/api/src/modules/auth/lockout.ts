import type { Counters } from '../../lib/counters.js';
import { AppError } from '../../lib/errors.js';
import { addressKey } from '../../lib/client-address.js';

const MINUTE = 60_000;

/**
 * Failed sign-ins, counted so that an attacker cannot aim a lock at someone else (docs/security.md,
 * "Sign-in throttling"): first per (account, address), so guessing from one place stops that place
 * only; then per address across accounts (credential stuffing); the account itself is locked only
 * after many failures from several addresses, for 15 minutes at most, and an admin can lift it.
 */
export const LOCKOUT = {
  /** Per (account, address): failures a minute, and in 15 minutes, before that pair waits. */
  pairPerMinute: 5,
  pairPer15Minutes: 20,
  /** Per address, over every account it tries. */
  addressPerMinute: 20,
  /** Account-wide: failures in 15 minutes, from at least this many addresses, lock it. */
  accountFailures: 50,
  accountAddresses: 5,
  lockMinutes: 15,
} as const;

const WINDOW = 15 * MINUTE;

export type Lockout = ReturnType<typeof createLockout>;

export function createLockout(counters: Counters) {
  const keys = (email: string, address: string) => {
    const where = addressKey(address);
    return {
      pair: `login:fail:pair:${email}|${where}`,
      pairLong: `login:fail:pair15:${email}|${where}`,
      address: `login:fail:ip:${where}`,
      accountAddress: `login:fail:acct-ip:${email}|${where}`,
      ...accountKeys(email),
    };
  };
  const accountKeys = (email: string) => ({
    account: `login:fail:acct:${email}`,
    accountAddresses: `login:fail:acct-ips:${email}`,
    lock: `login:lock:${email}`,
  });

  const waitIf = async (key: string, limit: number) =>
    (await counters.get(key)) >= limit ? counters.ttl(key) : 0;

  return {
    /** 429 with Retry-After while this account, from this address, must wait; the same for unknown e-mails. */
    async check(email: string, address: string): Promise<void> {
      const k = keys(email, address);
      const waits = await Promise.all([
        waitIf(k.lock, 1),
        waitIf(k.pair, LOCKOUT.pairPerMinute),
        waitIf(k.pairLong, LOCKOUT.pairPer15Minutes),
        waitIf(k.address, LOCKOUT.addressPerMinute),
      ]);
      const wait = Math.max(...waits);
      if (wait > 0) {
        const seconds = Math.max(1, Math.ceil(wait / 1000));
        throw new AppError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${seconds} s`, {
          headers: { 'retry-after': String(seconds) },
        });
      }
    },

    async fail(email: string, address: string): Promise<void> {
      const k = keys(email, address);
      await counters.hit(k.pair, MINUTE);
      await counters.hit(k.pairLong, WINDOW);
      await counters.hit(k.address, MINUTE);
      const failures = await counters.hit(k.account, WINDOW);
      if ((await counters.hit(k.accountAddress, WINDOW)) === 1)
        await counters.hit(k.accountAddresses, WINDOW);
      const addresses = await counters.get(k.accountAddresses);
      // A lock set once expires on its own: hitting it again never moves its end.
      if (failures >= LOCKOUT.accountFailures && addresses >= LOCKOUT.accountAddresses)
        await counters.hit(k.lock, LOCKOUT.lockMinutes * MINUTE);
    },

    async succeed(email: string, address: string): Promise<void> {
      const k = keys(email, address);
      await counters.reset(k.pair);
      await counters.reset(k.pairLong);
    },

    /** Milliseconds the account-wide lock has left (0: not locked). */
    lockedFor: async (email: string) => waitIf(accountKeys(email).lock, 1),

    /** An admin lifts the account-wide lock and starts its count afresh. */
    async lift(email: string): Promise<void> {
      const k = accountKeys(email);
      await Promise.all([
        counters.reset(k.lock),
        counters.reset(k.account),
        counters.reset(k.accountAddresses),
      ]);
    },
  };
}
