/** Campaigns, deliveries and a throwaway HTTP server shared by the tracking and report tests. */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Campaign } from '../../src/domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../../src/domain/delivery.js';
import type { CampaignReport } from '../../src/domain/report.js';
import { aCampaignDraft, savedCampaign, type SavedAs } from '../support/fixtures.js';

export const T0 = Date.UTC(2026, 2, 2, 8, 0); // Monday 2 March 2026, 09:00 in Paris

export function campaignFixture(overrides: Partial<Campaign> = {}): Campaign {
  const draft = aCampaignDraft({
    name: 'Spring launch',
    message: 'Hello {{firstName}}, see https://example.com/launch',
    listId: 'list-1',
    startDate: '2026-03-02',
    durationDays: 3,
    presencePolicy: 'ignore',
  });
  const saved: SavedAs = {
    id: 'camp-1',
    tenantId: 'tenant-1',
    status: 'running',
    authorUserId: 'msteams:author',
    at: T0 - 86_400_000,
  };
  return { ...savedCampaign(draft, saved), startedAt: T0, ...overrides };
}

/** The report of a campaign with `pending` recipients and nothing sent, read or clicked. */
export function reportWithNothingSent(pending: number): CampaignReport {
  return {
    campaignId: 'camp-1',
    recipients: pending,
    byStatus: {
      pending,
      sending: 0,
      sent: 0,
      failed: 0,
      unknown: 0,
      unscheduled: 0,
      unreachable: 0,
    },
    read: 0,
    acknowledged: 0,
    failedByReason: [],
    unscheduledByReason: [],
    pendingByReason: [],
    distinctClickers: 0,
    totalClicks: 0,
    clicksPerLink: [],
    timeline: [],
    reminders: { sent: 0, recipients: 0, readAfter: 0, clickedAfter: 0, acknowledgedAfter: 0 },
  };
}

export function deliveryFixture(
  campaignId: string,
  index: number,
  status: DeliveryStatus,
  extra: Partial<Delivery> = {},
): Delivery {
  return {
    id: `${campaignId}-d${String(index).padStart(4, '0')}`,
    campaignId,
    email: `user${index}@example.com`,
    userId: status === 'unreachable' ? undefined : `msteams:user${index}`,
    status,
    dueAt: status === 'pending' ? T0 : null,
    attempts: status === 'pending' || status === 'unreachable' ? 0 : 1,
    dayCycle: 1,
    step: 0,
    updatedAt: T0,
    ...extra,
  };
}

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** A real restify server on 127.0.0.1 and an ephemeral port, with the given route registrars. */
export async function startServer(
  ...registrars: Array<(server: restify.Server) => void>
): Promise<RunningServer> {
  const server = restify.createServer();
  for (const register of registrars) register(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
