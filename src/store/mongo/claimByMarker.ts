import { randomUUID } from 'node:crypto';
import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';

/** Candidates that another claimer takes first are replaced, a bounded number of times. */
const CLAIM_ROUNDS = 3;

/**
 * Claims up to `limit` documents matching `claimable`, earliest `dueAt` first, for this caller
 * alone. Picks candidate ids, then updates them with the same filter plus a marker unique to
 * this call: each document update re-checks the filter atomically, so of two claimers racing for
 * a document only one matches, and reading back by marker returns exactly the ones this call won.
 */
export async function claimByMarker<T extends Document>(
  collection: Collection<T>,
  claimable: Filter<T>,
  claim: (claimId: string) => UpdateFilter<T>,
  limit: number,
): Promise<T[]> {
  const claimId = randomUUID();
  const won: T[] = [];
  for (let round = 0; round < CLAIM_ROUNDS && won.length < limit; round++) {
    const candidates = await collection
      .find(claimable, { projection: { _id: 1 } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit - won.length)
      .toArray();
    if (candidates.length === 0) break;
    const ids = candidates.map((d) => d._id);
    await collection.updateMany({ ...claimable, _id: { $in: ids } }, claim(claimId));
    const docs = await collection
      .find({ _id: { $in: ids }, claimId } as unknown as Filter<T>)
      .toArray();
    won.push(...(docs as T[]));
    if (docs.length === candidates.length) break;
  }
  return won;
}
