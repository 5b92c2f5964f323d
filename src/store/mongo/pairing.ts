import type { PairingCode } from '../../domain/pairing.js';
import type { PairingStore } from '../../application/ports/repositories.js';
import type { Collections, PairingCodeDoc } from './collections.js';

function toCode(doc: PairingCodeDoc): PairingCode {
  const { _id, ...fields } = doc;
  return { id: _id, ...fields };
}

export class MongoPairing implements PairingStore {
  constructor(private readonly c: Collections) {}

  async save(code: PairingCode): Promise<void> {
    const { id, ...fields } = code;
    const email = code.email.toLowerCase();
    await this.c.pairingCodes.deleteMany({
      $or: [{ email }, { expiresAt: { $lte: code.createdAt } }],
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

  async use(id: string, now: number): Promise<boolean> {
    const result = await this.c.pairingCodes.updateOne(
      { _id: id, usedAt: { $exists: false }, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
    );
    return result.modifiedCount === 1;
  }

  async countFailure(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.c.pairingCodes.updateMany({ _id: { $in: ids } }, { $inc: { failedAttempts: 1 } });
  }
}
