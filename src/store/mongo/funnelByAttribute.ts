/**
 * A campaign's funnel per value of one profile attribute: the campaign's deliveries grouped by
 * the attribute in their `profile` sub-document, and its clicked deliveries (one lookup each,
 * by `_id`) grouped the same way. Two aggregations side by side rather than one looking every
 * delivery up in the clicks: 100k lookups for the few who clicked. Each is aggregated in the
 * database; one row per value crosses the wire.
 */
import {
  groupFunnel,
  zeroFunnel,
  type GroupedFunnel,
  type ValueFunnel,
} from '../../domain/groupedFunnel.js';
import type { ProfileAttribute } from '../../domain/recipientProfile.js';
import { ORIGINALS } from './deliveries.js';
import type { Collections } from './collections.js';
import { isSet } from './isSet.js';

type Counted = Omit<ValueFunnel, 'value' | 'clicked'> & { _id: string | null };

/** 1 when the delivery was sent, and `extra` (an expression) holds too. */
function sentAnd(extra: unknown = true) {
  return { $cond: [{ $and: [{ $eq: ['$status', 'sent'] }, extra] }, 1, 0] };
}

export async function funnelByAttribute(
  c: Collections,
  campaignId: string,
  attribute: ProfileAttribute,
): Promise<GroupedFunnel> {
  const field = `$profile.${attribute}`;
  const [counted, clicked] = await Promise.all([
    c.deliveries
      .aggregate<Counted>([
        // Reminders carry no profile: counted, they would all land in the "none" row.
        { $match: { campaignId, ...ORIGINALS } },
        {
          $group: {
            _id: { $ifNull: [field, null] },
            audience: { $sum: 1 },
            sent: { $sum: sentAnd() },
            read: { $sum: sentAnd({ $eq: [isSet('$readAt'), 1] }) },
            acknowledged: { $sum: isSet('$acknowledgedAt') },
          },
        },
      ])
      .toArray(),
    c.clicks
      .aggregate<{ _id: string | null; clicked: number }>([
        { $match: { campaignId } },
        { $group: { _id: '$deliveryId' } },
        { $lookup: { from: 'deliveries', localField: '_id', foreignField: '_id', as: 'delivery' } },
        { $unwind: '$delivery' },
        {
          $group: {
            _id: { $ifNull: [`$delivery.profile.${attribute}`, null] },
            clicked: { $sum: 1 },
          },
        },
      ])
      .toArray(),
  ]);
  const clicks = new Map(clicked.map((row) => [row._id, row.clicked]));
  const rows = counted.map(({ _id, ...counts }) => ({
    ...zeroFunnel(),
    ...counts,
    value: _id,
    clicked: clicks.get(_id) ?? 0,
  }));
  return groupFunnel(attribute, rows);
}
