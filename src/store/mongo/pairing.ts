import {
  PAIRING_ACCOUNT_LOCK_MS,
  PAIRING_MAX_FAILED_ATTEMPTS,
  afterWrongCode,
  lockedOutUntil,
  redeemabilityOf,
  type PairingCode,
  type PairingGuesser,
} from '../../domain/pairing.js';
import type {
  CountedFailure,
  PairingStore,
  PairingUse,
} from '../../application/ports/repositories.js';
import type { Collections, PairingCodeDoc, PairingGuesserDoc } from './collections.js';
import { isDuplicateKey } from './duplicateKey.js';

function toCode(doc: PairingCodeDoc): PairingCode {
  const { _id, ...fields } = doc;
  return { id: _id, ...fields };
}

function toGuesser(doc: PairingGuesserDoc | null): PairingGuesser | null {
  if (doc === null) return null;
  return { userId: doc._id, failures: doc.failures, lastFailureAt: doc.lastFailureAt };
}

/**
 * Every check-and-change is one conditional single-document write, atomic on any MongoDB (no
 * transactions needed): an account's count moves by compare-and-set on the values read, and a
 * code is used only through a filter that holds its failure count below the limit.
 */
export class MongoPairing implements PairingStore {
  constructor(private readonly c: Collections) {}

  async save(code: PairingCode): Promise<void> {
    const { id, ...fields } = code;
    const email = code.email.toLowerCase();
    await this.c.pairingCodes.deleteMany({
      $or: [{ email }, { expiresAt: { $lte: code.createdAt } }],
    });
    await this.c.pairingGuessers.deleteMany({
      lastFailureAt: { $lte: code.createdAt - PAIRING_ACCOUNT_LOCK_MS },
    });
    await this.c.pairingCodes.insertOne({ _id: id, ...fields, email });
  }

  async live(now: number): Promise<PairingCode[]> {
    const docs = await this.c.pairingCodes
      .find({ usedAt: { $exists: false }, expiresAt: { $gt: now } })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    return docs.map(toCode);
  }

  async guesser(userId: string): Promise<PairingGuesser | null> {
    return toGuesser(await this.c.pairingGuessers.findOne({ _id: userId }));
  }

  /**
   * The account's step decides: once it is counted, the try is one, and the codes count it
   * next. A wrong code that loses the account's race reads the account again.
   */
  async countFailure(userId: string, codeIds: string[], now: number): Promise<CountedFailure> {
    for (;;) {
      const before = await this.guesser(userId);
      const until = lockedOutUntil(before, now);
      if (until !== null) return { counted: false, lockedOutUntil: until };
      const after = afterWrongCode(before, userId, now);
      if (!(await this.replaceGuesser(before, after))) continue;
      if (codeIds.length > 0) {
        await this.c.pairingCodes.updateMany(
          { _id: { $in: codeIds }, usedAt: { $exists: false } },
          { $inc: { failedAttempts: 1 } },
        );
      }
      return { counted: true, guesser: after };
    }
  }

  async use(id: string, userId: string, now: number): Promise<PairingUse> {
    const until = lockedOutUntil(await this.guesser(userId), now);
    if (until !== null) return { kind: 'accountLocked', until };
    const marked = await this.c.pairingCodes.updateOne(
      {
        _id: id,
        usedAt: { $exists: false },
        expiresAt: { $gt: now },
        failedAttempts: { $lt: PAIRING_MAX_FAILED_ATTEMPTS },
      },
      { $set: { usedAt: now } },
    );
    if (marked.modifiedCount === 1) return { kind: 'used' };
    const doc = await this.c.pairingCodes.findOne({ _id: id });
    const locked = doc !== null && redeemabilityOf(toCode(doc), now) === 'locked';
    return { kind: locked ? 'codeLocked' : 'gone' };
  }

  /** Compare-and-set: writes `after` only if the account is still as `before` read it. */
  private async replaceGuesser(
    before: PairingGuesser | null,
    after: PairingGuesser,
  ): Promise<boolean> {
    const fields = { failures: after.failures, lastFailureAt: after.lastFailureAt };
    if (before === null) {
      try {
        await this.c.pairingGuessers.insertOne({ _id: after.userId, ...fields });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const won = await this.c.pairingGuessers.updateOne(
      { _id: before.userId, failures: before.failures, lastFailureAt: before.lastFailureAt },
      { $set: fields },
    );
    return won.modifiedCount === 1;
  }
}
