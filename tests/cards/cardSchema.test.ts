/**
 * The cards this bot sends, rendered with real data, against the Adaptive Cards 1.5 schema:
 * Teams drops a card it cannot parse, and the admin then sees nothing at all.
 */
import assert from 'node:assert/strict';
import type { Attachment } from 'botbuilder';
import { campaignInfoReply, campaignListReply } from '../../dialogs/campaignViews.js';
import { listsReply } from '../../dialogs/listViews.js';
import { CampaignQueries } from '../../src/application/CampaignQueries.js';
import { ListService } from '../../src/application/ListService.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { NOTHING_TO_EXPORT, renderReportCard } from '../../src/reports/reportCard.js';
import {
  ACKNOWLEDGE_REQUEST,
  acknowledgedCard,
  acknowledgeRequestCard,
} from '../../src/cards/acknowledgementCard.js';
import { reportFigures } from '../../src/reports/reportFigures.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { campaignFixture, reportWithNothingSent } from '../reports/fixtures.js';
import { aCampaign, aDelivery, aList, T0 } from '../store/fixtures.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';

interface Element {
  type: string;
  text?: string;
  wrap?: boolean;
  facts?: { title: string; value: string }[];
  items?: Element[];
  columns?: Element[];
  actions?: { title: string; data?: unknown }[];
}

function elements(list: Element[]): Element[] {
  return list.flatMap((e) => [e, ...elements(e.items ?? []), ...elements(e.columns ?? [])]);
}

function contentOf(attachment: Attachment | undefined): { body: Element[] } {
  assert.ok(attachment, 'a card was sent');
  return attachment.content as { body: Element[] };
}

function byCampaignId(a: unknown, b: unknown): number {
  const id = (data: unknown) => (data as { campaignId: string }).campaignId;
  return id(a).localeCompare(id(b));
}

const NOTHING_YET = reportWithNothingSent(0);
const NOTHING_YET_BUT = reportWithNothingSent;

interface CardWithActions {
  body: Element[];
  actions?: unknown[];
}

function listService(store: SqliteStore): ListService {
  return new ListService({ ...store, clock: systemClock, logger: silentLogger });
}

const LINKS = {
  generatedAt: '2 Mar 2026 15:00',
  chartUrl: 'https://bot.example.com/reports/camp-1/chart.png?exp=1&sig=x',
  exportUrl: 'https://bot.example.com/reports/camp-1/export.csv?exp=1&sig=y',
};

describe('cards against the Adaptive Cards 1.5 schema', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  it('the report of a running campaign: headings wrap instead of being cut ("Click engagem…")', () => {
    const figures = reportFigures(campaignFixture({ status: 'running' }), NOTHING_YET, 0);
    const card = renderReportCard({ ...figures, ...LINKS }).content as { body: Element[] };
    assertValidAdaptiveCard(card, 'report card');
    const headings = elements(card.body)
      .filter((e) => e.type === 'Column')
      .map((column) => column.items?.[0]);
    assert.deepEqual(
      headings.map((h) => [h?.text, h?.wrap]),
      [
        ['Recipients', true],
        ['Sent', true],
        ['Read', true],
        ['Click engagement', true],
      ],
    );
  });

  it('the message asking for acknowledgement, as one card: its text and an Acknowledge button naming its delivery', () => {
    const card = acknowledgeRequestCard('delivery-7', 'Hi **Ada**, the policy is out.')
      .content as CardWithActions;
    assertValidAdaptiveCard(card, 'acknowledge request card');
    assert.deepEqual(
      elements(card.body).map((e) => e.text),
      ['Hi **Ada**, the policy is out.', ACKNOWLEDGE_REQUEST],
    );
    assert.deepEqual(card.actions, [
      { type: 'Action.Submit', title: 'Acknowledge', data: { acknowledge: 'delivery-7' } },
    ]);
  });

  it('the same card once acknowledged: when, and no button', () => {
    const card = acknowledgedCard(
      'Tuesday 9 December 2036 at 10:15 (Europe/Paris)',
      'Hi **Ada**, the policy is out.',
    ).content as CardWithActions;
    assertValidAdaptiveCard(card, 'acknowledged card');
    assert.deepEqual(
      elements(card.body).map((e) => e.text),
      [
        'Hi **Ada**, the policy is out.',
        '✅ Acknowledged on Tuesday 9 December 2036 at 10:15 (Europe/Paris).',
      ],
    );
    assert.deepEqual(card.actions ?? [], []);
  });

  it('the report offers Export CSV once the campaign has recipients', () => {
    const figures = reportFigures(campaignFixture({ status: 'running' }), NOTHING_YET_BUT(3), 3);
    const card = renderReportCard({ ...figures, ...LINKS }).content as CardWithActions;
    assertValidAdaptiveCard(card, 'report card with recipients');
    assert.deepEqual(card.actions, [
      { type: 'Action.OpenUrl', title: 'Export CSV', url: LINKS.exportUrl },
    ]);
  });

  for (const [when, status, recipients] of [
    ['before the start', 'scheduled', 0],
    ['of a finished campaign that had nobody to send to', 'finished', 0],
  ] as const) {
    it(`the report ${when} offers no export and says why`, () => {
      const figures = reportFigures(campaignFixture({ status }), NOTHING_YET_BUT(recipients), 7);
      const card = renderReportCard({ ...figures, ...LINKS }).content as CardWithActions;
      assertValidAdaptiveCard(card, `report card ${when}`);
      assert.deepEqual(card.actions ?? [], []);
      assert.ok(
        elements(card.body).some((e) => e.text === NOTHING_TO_EXPORT),
        'says there is nothing to export yet',
      );
    });
  }

  it('the report of a campaign not started yet: the list’s size and "not started yet", no zeros', () => {
    const figures = reportFigures(campaignFixture({ status: 'scheduled' }), NOTHING_YET, 42);
    const card = renderReportCard({ ...figures, ...LINKS }).content as { body: Element[] };
    assertValidAdaptiveCard(card, 'report card before the start');
    const facts = elements(card.body).flatMap((e) => e.facts ?? []);
    assert.deepEqual(facts, [{ title: 'Recipients', value: '42 on its list today' }]);
    const texts = elements(card.body).map((e) => e.text);
    assert.ok(
      texts.includes('Not started yet: the figures appear once it starts.'),
      texts.join('|'),
    );
    assert.ok(!texts.includes('Sent'), 'no column of zeros');
  });

  it('the campaigns card: Export only where there is something to export, at most 5 buttons a campaign', async () => {
    await store.lists.create(aList({ id: 'list-1' }));
    const started = { startedAt: T0, plannedAt: T0 };
    await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Draft', listId: 'list-1' }));
    await store.campaigns.create(aCampaign({ id: 'c-2', name: 'Planned', status: 'scheduled' }));
    await store.campaigns.create(
      aCampaign({ id: 'c-3', name: 'Running', status: 'running', ...started }),
    );
    await store.campaigns.create(
      aCampaign({ id: 'c-4', name: 'Done', status: 'finished', ...started }),
    );
    await store.campaigns.create(
      aCampaign({ id: 'c-5', name: 'Nobody', status: 'finished', ...started }),
    );
    await store.deliveries.insert([
      aDelivery({ id: 'd-3', campaignId: 'c-3' }),
      aDelivery({ id: 'd-4', campaignId: 'c-4', status: 'sent', dueAt: null }),
    ]);

    const reply = await campaignListReply(new CampaignQueries(store), 'tenant-a', 'msteams');
    const card = contentOf(reply.attachments?.[0]);
    assertValidAdaptiveCard(card, 'campaigns card');
    const actionSets = elements(card.body).filter((e) => e.type === 'ActionSet');
    assert.equal(actionSets.length, 5);
    for (const set of actionSets) {
      // The Adaptive Cards renderer's default maxActions: a sixth button fails or is dropped.
      assert.ok(set.actions!.length <= 5, JSON.stringify(set.actions!.map((a) => a.title)));
    }
    const exports = actionSets
      .flatMap((set) => set.actions!)
      .filter((a) => a.title === 'Export')
      .map((a) => a.data)
      .sort(byCampaignId);
    assert.deepEqual(exports, [
      { command: 'export', campaignId: 'c-3' },
      { command: 'export', campaignId: 'c-4' },
    ]);
  });

  it('the information card', async () => {
    const campaign = aCampaign({ id: 'c-1' });
    await store.campaigns.create(campaign);
    const reply = await campaignInfoReply(new CampaignQueries(store), campaign, 'msteams');
    assertValidAdaptiveCard(contentOf(reply.attachments?.[0]), 'information card');
  });

  it('the information card of a campaign that ended early says why', async () => {
    const campaign = aCampaign({
      id: 'c-1',
      status: 'finished',
      endReason: 'Microsoft Graph refused to read the group members.',
    });
    await store.campaigns.create(campaign);
    const reply = await campaignInfoReply(new CampaignQueries(store), campaign, 'msteams');
    const card = contentOf(reply.attachments?.[0]);
    assertValidAdaptiveCard(card, 'information card');
    assert.match(JSON.stringify(card), /Ended early: Microsoft Graph refused/);
  });

  it('the lists card', async () => {
    await store.lists.create(aList({ id: 'list-1' }));
    const reply = await listsReply(listService(store), 'tenant-a', 'msteams');
    assertValidAdaptiveCard(contentOf(reply.attachments?.[0]), 'lists card');
  });
});
