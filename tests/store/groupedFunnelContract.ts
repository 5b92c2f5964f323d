/**
 * The funnel per department (or country, or office) both stores must give: one aggregate per
 * campaign folded into the ten largest groups, the other values together, and the recipients
 * without a value. Run by the store contract against SQLite and MongoDB.
 */
import assert from 'node:assert/strict';
import type { Delivery, DeliveryStatus } from '../../src/domain/delivery.js';
import type { GroupedFunnel } from '../../src/domain/groupedFunnel.js';
import type { RecipientProfile } from '../../src/domain/recipientProfile.js';
import { reminderId } from '../../src/domain/reminders.js';
import type { Store } from '../../src/store/Store.js';
import { HOUR, T0, aDelivery } from './fixtures.js';

interface Planned {
  status?: DeliveryStatus;
  read?: boolean;
  acknowledged?: boolean;
  clicks?: number;
  profile?: RecipientProfile;
  campaignId?: string;
}

let next = 0;

/** A delivery of c-1 (unless told) with a fresh id and address. */
function recipient({
  status = 'pending',
  read,
  acknowledged,
  profile,
  campaignId = 'c-1',
}: Planned): Delivery {
  const id = `fd-${String(next++).padStart(4, '0')}`;
  return aDelivery({
    id,
    campaignId,
    email: `${id}@example.com`,
    status,
    dueAt: status === 'pending' ? T0 : null,
    ...(status === 'sent' ? { sentAt: T0 } : {}),
    ...(read ? { readAt: T0 + HOUR } : {}),
    ...(acknowledged ? { acknowledgedAt: T0 + 2 * HOUR } : {}),
    ...(profile ? { profile } : {}),
  });
}

/** `count` recipients of one department, the first ones sent. */
function department(name: string, count: number, sent = 0): Planned[] {
  return Array.from({ length: count }, (_, i) => ({
    status: i < sent ? 'sent' : 'pending',
    profile: { department: name, country: 'France', officeLocation: 'Paris 2' },
  }));
}

async function plan(store: Store, planned: Planned[]): Promise<void> {
  const deliveries = planned.map(recipient);
  await store.deliveries.insert(deliveries);
  const clicks = deliveries.flatMap((d, i) =>
    Array.from({ length: planned[i]!.clicks ?? 0 }, (_, n) => ({
      token: `${d.id}-t`,
      campaignId: d.campaignId,
      deliveryId: d.id,
      url: `https://example.com/${n}`,
      at: T0 + HOUR,
    })),
  );
  await store.tracking.recordClicks(clicks);
}

const funnel = (audience: number, sent = 0, read = 0, clicked = 0, acknowledged = 0) => ({
  audience,
  sent,
  read,
  clicked,
  acknowledged,
});

export function describeGroupedFunnelContract(store: () => Store): void {
  describe('campaign funnel by department', function () {
    it('has no group for a campaign without deliveries', async function () {
      assert.deepEqual(await store().reports.funnelBy('c-1', 'department'), {
        attribute: 'department',
        largest: [],
      });
    });

    it('names the ten largest departments, equal ones in name order, sums the others and counts those without one apart', async function () {
      await plan(store(), [
        {
          status: 'sent',
          read: true,
          clicks: 2,
          acknowledged: true,
          profile: { department: 'Sales' },
        },
        { status: 'sent', read: true, clicks: 1, profile: { department: 'Sales' } },
        { status: 'sent', profile: { department: 'Sales' } },
        { status: 'failed', profile: { department: 'Sales' } },
        { status: 'pending', profile: { department: 'Sales' } },
        ...department('Engineering', 4, 2),
        ...department('Marketing', 3),
        ...department('Finance', 2),
        // Eight departments of one person each: the first six by name are among the ten; the
        // other two, one acknowledging, are summed.
        ...['Support', 'Quality', 'Legal', 'IT', 'Research', 'Procurement', 'HR', 'Operations'].map(
          (name) => ({ ...department(name, 1)[0]!, acknowledged: name === 'Research' }),
        ),
        {
          status: 'sent',
          read: true,
          clicks: 1,
          acknowledged: true,
          profile: { department: 'Support' },
        },
        // Not read from the directory, or no department there.
        { status: 'sent', read: true, clicks: 3, acknowledged: true },
        { status: 'unreachable' },
        { status: 'sent', profile: { country: 'Germany' } },
        // Another campaign's recipients never count.
        {
          campaignId: 'c-2',
          status: 'sent',
          read: true,
          clicks: 1,
          acknowledged: true,
          profile: { department: 'HR' },
        },
      ]);

      const expected: GroupedFunnel = {
        attribute: 'department',
        largest: [
          { value: 'Sales', ...funnel(5, 3, 2, 2, 1) },
          { value: 'Engineering', ...funnel(4, 2) },
          { value: 'Marketing', ...funnel(3) },
          { value: 'Finance', ...funnel(2) },
          { value: 'Support', ...funnel(2, 1, 1, 1, 1) },
          { value: 'HR', ...funnel(1) },
          { value: 'IT', ...funnel(1) },
          { value: 'Legal', ...funnel(1) },
          { value: 'Operations', ...funnel(1) },
          { value: 'Procurement', ...funnel(1) },
        ],
        other: { values: 2, ...funnel(2, 0, 0, 0, 1) },
        none: funnel(3, 2, 1, 1, 1),
      };
      assert.deepEqual(await store().reports.funnelBy('c-1', 'department'), expected);
    });

    it('groups by country or office instead when asked', async function () {
      await plan(store(), [
        ...department('Sales', 2, 1),
        { status: 'sent', read: true, profile: { country: 'Germany', officeLocation: 'Berlin' } },
        { status: 'pending' },
      ]);

      assert.deepEqual(await store().reports.funnelBy('c-1', 'country'), {
        attribute: 'country',
        largest: [
          { value: 'France', ...funnel(2, 1) },
          { value: 'Germany', ...funnel(1, 1, 1) },
        ],
        none: funnel(1),
      });
      assert.deepEqual(
        (await store().reports.funnelBy('c-1', 'officeLocation')).largest.map((g) => g.value),
        ['Paris 2', 'Berlin'],
      );
    });

    it('counts each recipient once: their reminders are no recipients of their own', async function () {
      await plan(store(), department('Sales', 1, 1));
      const [original] = await store().deliveries.list('c-1', { limit: 10 });
      await store().deliveries.insert([
        aDelivery({
          id: reminderId(original!.id, 1),
          campaignId: 'c-1',
          email: original!.email,
          status: 'sent',
          dueAt: null,
          sentAt: T0 + 4 * HOUR,
          reminderOf: original!.id,
          reminderNumber: 1,
        }),
      ]);

      assert.deepEqual(await store().reports.funnelBy('c-1', 'department'), {
        attribute: 'department',
        largest: [{ value: 'Sales', ...funnel(1, 1) }],
      });
    });

    it('gives back the profile a delivery was planned with, and none for one planned without', async function () {
      const profile = { department: 'Sales', country: 'France', officeLocation: 'Paris 2' };
      const [withProfile, without] = [recipient({ profile }), recipient({})];
      await store().deliveries.insert([withProfile!, without!]);

      assert.deepEqual((await store().deliveries.get(withProfile!.id))?.profile, profile);
      const listed = await store().deliveries.list('c-1', { limit: 10 });
      assert.deepEqual(
        listed.map((d) => d.profile),
        [profile, undefined],
      );
      assert.equal('profile' in listed[1]!, false);
    });
  });
}
