/**
 * `link skype` / `link <code>` (SPEC.md: Who uses it): an admin in Teams gets a one-time code,
 * and the Skype account that says it takes the admin's e-mail — so it is recognised as that
 * admin and reached by e-mail like a Teams user. Only a salted scrypt hash of the code is
 * stored: reading the store does not give live codes away. Wrong codes are limited per code
 * and per Skype account (see domain/pairing.ts); the store checks both limits again in the same
 * atomic step that counts a wrong code or uses a right one, since the hashing in between is slow
 * and other tries may be counted meanwhile.
 */
import { randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  PAIRING_CODE_DIGITS,
  PAIRING_CODE_VALID_MS,
  PAIRING_MAX_WRONG_PER_ACCOUNT,
  lockedOutUntil,
  wrongCodesCounted,
  type PairingCode,
} from '../domain/pairing.js';
import type { PairingStore, UserStore } from '../application/ports/repositories.js';

const scryptAsync = promisify(scrypt) as (
  code: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;
const HASH_BYTES = 32;

export type RedeemOutcome =
  | { kind: 'linked'; email: string }
  /** The code matched one that had too many wrong tries against it. */
  | { kind: 'codeLocked' }
  /** No live code is this one (wrong, expired or already used). */
  | { kind: 'wrong'; wrongCodesLeft: number }
  /** The account said too many wrong codes: nothing it says is tried until `until`. */
  | { kind: 'accountLocked'; until: number };

export interface IssuedCode {
  code: string;
  expiresAt: number;
}

export class SkypePairing {
  constructor(
    private readonly codes: PairingStore,
    private readonly users: Pick<UserStore, 'setIdentity'>,
  ) {}

  /** A new code for the admin with this e-mail and tenant; their previous code stops working. */
  async issue(admin: { email: string; tenantId: string }, now: number): Promise<IssuedCode> {
    const code = String(randomInt(0, 10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0');
    const salt = randomBytes(16);
    const expiresAt = now + PAIRING_CODE_VALID_MS;
    await this.codes.save({
      id: randomUUID(),
      email: admin.email.toLowerCase(),
      tenantId: admin.tenantId,
      salt: salt.toString('base64'),
      hash: (await scryptAsync(code, salt, HASH_BYTES)).toString('base64'),
      createdAt: now,
      expiresAt,
      failedAttempts: 0,
    });
    return { code, expiresAt };
  }

  /**
   * Links `userId` to the e-mail and tenant of the code, once: the account then acts as that admin
   * and is reached as a member of their organisation. A wrong code counts against the account
   * and against every live code.
   */
  async redeem(userId: string, code: string, now: number): Promise<RedeemOutcome> {
    const guesser = await this.codes.guesser(userId);
    const lockedUntil = lockedOutUntil(guesser, now);
    if (lockedUntil !== null) return { kind: 'accountLocked', until: lockedUntil };
    const live = await this.codes.live(now);
    const match = await findMatch(live, code);
    if (match === undefined) {
      const counted = await this.codes.countFailure(
        userId,
        live.map((c) => c.id),
        now,
      );
      if (!counted.counted) return { kind: 'accountLocked', until: counted.lockedOutUntil };
      return {
        kind: 'wrong',
        wrongCodesLeft: PAIRING_MAX_WRONG_PER_ACCOUNT - counted.guesser.failures,
      };
    }
    const use = await this.codes.use(match.id, userId, now);
    switch (use.kind) {
      case 'used':
        await this.users.setIdentity(userId, { email: match.email, tenantId: match.tenantId });
        return { kind: 'linked', email: match.email };
      case 'codeLocked':
        return { kind: 'codeLocked' };
      case 'accountLocked':
        return { kind: 'accountLocked', until: use.until };
      case 'gone':
        // Used or expired since it was read: it is no guess, so it does not count as wrong.
        return {
          kind: 'wrong',
          wrongCodesLeft: PAIRING_MAX_WRONG_PER_ACCOUNT - wrongCodesCounted(guesser, now),
        };
    }
  }

  /** Forgets the e-mail a link gave, back in `tenantId` (the channel's own); false when unknown. */
  unlink(userId: string, tenantId: string): Promise<boolean> {
    return this.users.setIdentity(userId, { email: null, tenantId });
  }
}

async function findMatch(live: PairingCode[], code: string): Promise<PairingCode | undefined> {
  for (const candidate of live) {
    const hash = await scryptAsync(code, Buffer.from(candidate.salt, 'base64'), HASH_BYTES);
    if (timingSafeEqual(hash, Buffer.from(candidate.hash, 'base64'))) return candidate;
  }
  return undefined;
}
