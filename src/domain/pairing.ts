/**
 * Pairing a Skype identity with an admin's e-mail (SPEC.md: Who uses it). An admin in Teams asks
 * for a one-time code; whoever says it on Skype within the validity gets that e-mail. Pure rules:
 * the code's hash and the clock are given.
 */

export const PAIRING_CODE_DIGITS = 6;
export const PAIRING_CODE_VALID_MS = 10 * 60_000;
/** Wrong codes said on Skype while a code is live, after which that code no longer works. */
export const PAIRING_MAX_FAILED_ATTEMPTS = 5;

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
  /** Wrong codes said on Skype while this one was live. */
  failedAttempts: number;
  usedAt?: number;
}

/** Whether `code` may still be redeemed at `now`: unused, unexpired, not locked by wrong tries. */
export function isRedeemable(code: PairingCode, now: number): boolean {
  return (
    code.usedAt === undefined &&
    now < code.expiresAt &&
    code.failedAttempts < PAIRING_MAX_FAILED_ATTEMPTS
  );
}

/** The code as typed ("123 456", "123-456"), or null when it is not six digits. */
export function normalizePairingCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`).test(digits) ? digits : null;
}
