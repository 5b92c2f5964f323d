/**
 * Pairing a Skype identity with an admin's e-mail (SPEC.md: Who uses it). An admin in Teams asks
 * for a one-time code; whoever says it on Skype within the validity gets that e-mail. Pure rules:
 * the code's hash and the clock are given.
 *
 * Wrong codes are limited twice. A code is stored only as a hash, so a wrong code cannot be told
 * apart from a guess at any live code: it counts against every live code, which locks after
 * PAIRING_MAX_FAILED_ATTEMPTS of them, however many Skype accounts guessed. Each Skype account
 * may also say only PAIRING_MAX_WRONG_PER_ACCOUNT wrong codes before it must wait. That limit is
 * below a code's, so one account alone cannot lock the codes of other admins (in any tenant);
 * a code still gets at most PAIRING_MAX_FAILED_ATTEMPTS tries while it can be redeemed.
 */

export const PAIRING_CODE_DIGITS = 6;
export const PAIRING_CODE_VALID_MS = 10 * 60_000;
/** Wrong codes said on Skype while a code is live, after which that code no longer works. */
export const PAIRING_MAX_FAILED_ATTEMPTS = 5;
/** Wrong codes one Skype account may say before it is locked out. */
export const PAIRING_MAX_WRONG_PER_ACCOUNT = PAIRING_MAX_FAILED_ATTEMPTS - 1;
/**
 * How long an account's wrong codes are remembered after its latest one, and so how long a
 * locked-out account waits. Longer than a code lives: within one code's life an account's
 * count never starts again, so it never has more than its share of tries against that code.
 */
export const PAIRING_ACCOUNT_LOCK_MS = 15 * 60_000;

export interface PairingCode {
  id: string;
  /** The admin who asked for the code, lower-cased, and their organisation. */
  email: string;
  tenantId: string;
  /** Salt and hash of the code (never the code itself). */
  salt: string;
  hash: string;
  createdAt: number;
  expiresAt: number;
  /** Wrong codes said on Skype while this one was live and unused. */
  failedAttempts: number;
  usedAt?: number;
}

/** The wrong codes one Skype account said lately. */
export interface PairingGuesser {
  /** The account's ReachableUser id (`skype:live:…`). */
  userId: string;
  /** Wrong codes since its count last started again. */
  failures: number;
  lastFailureAt: number;
}

export type Redeemability = 'redeemable' | 'locked' | 'gone';

/**
 * Whether `code` may still be redeemed at `now`; `locked` when only its wrong tries prevent it,
 * `gone` when it is used or expired.
 */
export function redeemabilityOf(code: PairingCode, now: number): Redeemability {
  if (code.usedAt !== undefined || now >= code.expiresAt) return 'gone';
  return code.failedAttempts < PAIRING_MAX_FAILED_ATTEMPTS ? 'redeemable' : 'locked';
}

/** The wrong codes of the account that still count at `now` (none once they are forgotten). */
export function wrongCodesCounted(guesser: PairingGuesser | null, now: number): number {
  if (guesser === null || now >= guesser.lastFailureAt + PAIRING_ACCOUNT_LOCK_MS) return 0;
  return guesser.failures;
}

/** Until when the account may say no code (null: it may now). */
export function lockedOutUntil(guesser: PairingGuesser | null, now: number): number | null {
  if (wrongCodesCounted(guesser, now) < PAIRING_MAX_WRONG_PER_ACCOUNT) return null;
  return guesser!.lastFailureAt + PAIRING_ACCOUNT_LOCK_MS;
}

/** The account after one more wrong code at `now` (the caller checked it was not locked out). */
export function afterWrongCode(
  guesser: PairingGuesser | null,
  userId: string,
  now: number,
): PairingGuesser {
  return {
    userId,
    failures: wrongCodesCounted(guesser, now) + 1,
    lastFailureAt: Math.max(now, guesser?.lastFailureAt ?? now),
  };
}

/** The code as typed ("123 456", "123-456"), or null when it is not six digits. */
export function normalizePairingCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`).test(digits) ? digits : null;
}
