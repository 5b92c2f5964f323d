import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import type { CampaignReport } from '../../src/domain/report.js';
import {
  NOTHING_TO_EXPORT,
  renderReportCard,
  reportText,
  type ReportCardData,
} from '../../src/reports/reportCard.js';
import { formatPercent, reportFigures } from '../../src/reports/reportFigures.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';
import { campaignFixture, reportWithNothingSent, T0 } from './fixtures.js';

/** A known report: 10 recipients, 5 sent (3 read), 2 distinct clickers with 7 clicks on 6 links. */
function knownReport(): CampaignReport {
  return {
    campaignId: 'camp-1',
    recipients: 10,
    byStatus: {
      pending: 1,
      sending: 1,
      sent: 5,
      failed: 1,
      unknown: 0,
      unscheduled: 1,
      unreachable: 1,
    },
    read: 3,
    acknowledged: 0,
    failedByReason: [{ reason: 'blocked-by-user', count: 1 }],
    unscheduledByReason: [{ reason: 'ladder-exhausted', count: 1 }],
    pendingByReason: [],
    distinctClickers: 2,
    totalClicks: 7,
    clicksPerLink: [
      { url: 'https://example.com/f', clicks: 1, distinctRecipients: 1 },
      { url: 'https://example.com/b', clicks: 2, distinctRecipients: 2 },
      { url: 'https://example.com/a', clicks: 2, distinctRecipients: 1 },
      { url: 'https://example.com/e', clicks: 1, distinctRecipients: 1 },
      { url: 'https://example.com/d', clicks: 1, distinctRecipients: 1 },
      { url: 'https://example.com/top', clicks: 3, distinctRecipients: 2 },
    ],
    timeline: [{ hourStart: T0, sends: 5, clicks: 7 }],
    reminders: { sent: 0, recipients: 0, readAfter: 0, clickedAfter: 0, acknowledgedAfter: 0 },
  };
}

function cardData(report: CampaignReport): ReportCardData {
  return {
    ...reportFigures(campaignFixture(), report, 0),
    generatedAt: '2 Mar 2026 15:00',
    chartUrl: 'https://bot.example.com/reports/camp-1/chart.png?exp=1&sig=x',
    exportUrl: 'https://bot.example.com/reports/camp-1/export.csv?exp=1&sig=y',
  };
}

interface CardElement {
  type: string;
  text?: string;
  url?: string;
  facts?: { title: string; value: string }[];
  items?: CardElement[];
  columns?: CardElement[];
}
interface Card {
  version: string;
  body: CardElement[];
  actions: { type: string; title: string; url: string }[];
}

function allElements(elements: CardElement[]): CardElement[] {
  return elements.flatMap((e) => [
    e,
    ...allElements(e.items ?? []),
    ...allElements(e.columns ?? []),
  ]);
}

function facts(card: Card): Map<string, string> {
  return new Map(
    allElements(card.body)
      .flatMap((e) => e.facts ?? [])
      .map((f) => [f.title, f.value]),
  );
}

function texts(card: Card): string[] {
  return allElements(card.body)
    .map((e) => e.text)
    .filter((t): t is string => t !== undefined);
}

describe('report card', () => {
  const card = renderReportCard(cardData(knownReport())).content as Card;

  it('is an Adaptive Card 1.5 with every template field bound', () => {
    assert.equal(card.version, '1.5');
    assert.ok(!JSON.stringify(card).includes('${'), 'no unbound ${…} left in the card');
  });

  it('shows each status count', () => {
    const f = facts(card);
    assert.equal(f.get('Recipients'), '10');
    assert.equal(f.get('Sent'), '5');
    assert.equal(f.get('Read'), '3 (60% of sent)');
    assert.equal(f.get('Failed'), '1');
    assert.equal(f.get('Unscheduled'), '1');
    assert.equal(f.get('Unknown'), '0');
    assert.equal(f.get('Pending'), '2', 'pending includes the one being sent');
    assert.equal(f.get('Unreachable'), '1');
  });

  it('says how many pending recipients wait because they are out of office', () => {
    const report = {
      ...knownReport(),
      pendingByReason: [
        { reason: 'out-of-office', count: 1 },
        { reason: 'presence-unavailable', count: 1 },
      ],
    };
    const f = facts(renderReportCard(cardData(report)).content as Card);
    assert.equal(f.get('Pending'), '2 (1 out of office until their next working day)');
  });

  it('counts the chats Teams had lost and the bot re-opened, only when there were some', () => {
    const data = { ...cardData(knownReport()), chatsReopened: '2' };
    const reopened = renderReportCard(data).content as Card;
    assertValidAdaptiveCard(reopened, 'report card with re-opened chats');
    assert.equal(facts(reopened).get('Chats re-opened'), '2');
    assert.equal(facts(card).get('Chats re-opened'), undefined);
    assert.match(reportText(data), /^- Chats re-opened: 2$/m);
    assert.doesNotMatch(reportText(cardData(knownReport())), /re-opened/);
  });

  it('counts acknowledgements over sent, only for a campaign that asks for them', () => {
    const report = { ...knownReport(), acknowledged: 2 };
    const asking = campaignFixture({
      options: { ...defaultCampaignOptions(), acknowledgement: true },
    });
    const data = { ...cardData(report), ...reportFigures(asking, report, 0) };
    const acknowledged = renderReportCard(data).content as Card;
    assertValidAdaptiveCard(acknowledged, 'report card with acknowledgements');
    assert.equal(facts(acknowledged).get('Acknowledged'), '2 (40% of sent)');
    assert.match(reportText(data), /^- Acknowledged: 2 \(40% of sent\)$/m);
    assert.equal(facts(card).get('Acknowledged'), undefined);
    assert.doesNotMatch(reportText(cardData(report)), /Acknowledged/);
  });

  it('shows the reminders sent and the reads and clicks after them, only for a campaign that reminds', () => {
    const campaign = campaignFixture({
      options: { ...defaultCampaignOptions(), reminders: { count: 2, afterHours: 4 } },
    });
    const report = {
      ...knownReport(),
      reminders: { sent: 3, recipients: 2, readAfter: 1, clickedAfter: 1, acknowledgedAfter: 1 },
    };
    const data = { ...cardData(report), ...reportFigures(campaign, report, 0) };
    const reminding = renderReportCard(data).content as Card;
    assertValidAdaptiveCard(reminding, 'report card with reminders');
    const f = facts(reminding);
    assert.equal(f.get('Reminders sent'), '3 to 2 recipients');
    assert.equal(f.get('Read after a reminder'), '1 recipient');
    assert.equal(f.get('Clicked after a reminder'), '1 recipient');
    assert.equal(f.get('Sent'), '5', 'reminders are no recipients');
    assert.match(reportText(data), /^- Reminders sent: 3 to 2 recipients$/m);
    assert.match(reportText(data), /^- Read after a reminder: 1 recipient$/m);
    assert.equal(facts(card).get('Reminders sent'), undefined);
    assert.doesNotMatch(reportText(cardData(knownReport())), /Reminder/);
    assert.equal(f.get('Acknowledged after a reminder'), undefined, 'not asked');

    const asking = campaignFixture({
      options: {
        ...defaultCampaignOptions(),
        acknowledgement: true,
        reminders: { count: 1, afterHours: 4 },
      },
    });
    const both = { ...cardData(report), ...reportFigures(asking, report, 0) };
    const acknowledging = renderReportCard(both).content as Card;
    assertValidAdaptiveCard(acknowledging, 'report card with reminders and acknowledgements');
    assert.equal(facts(acknowledging).get('Acknowledged after a reminder'), '1 recipient');
    assert.match(reportText(both), /^- Acknowledged after a reminder: 1 recipient$/m);
  });

  it('shows click engagement as distinct clickers over sent', () => {
    const f = facts(card);
    assert.equal(f.get('Click engagement'), '40% (2 of 5 sent)');
    assert.equal(f.get('Total clicks'), '7');
    assert.ok(texts(card).includes('40%'), 'the headline figure too');
  });

  it('lists reasons in words', () => {
    const f = facts(card);
    assert.equal(f.get('blocked the bot'), '1');
    assert.equal(f.get('absent on every attempt (3 working days)'), '1');
  });

  it('lists the five most clicked links, ties by URL', () => {
    const t = texts(card);
    const urls = t.filter((x) => x.startsWith('https://example.com/'));
    assert.deepEqual(urls, [
      'https://example.com/top',
      'https://example.com/a',
      'https://example.com/b',
      'https://example.com/d',
      'https://example.com/e',
    ]);
    assert.ok(t.includes('3 clicks by 2 recipients'));
    assert.ok(t.includes('1 click by 1 recipient'));
  });

  it('shows the chart image and an export button', () => {
    const image = allElements(card.body).find((e) => e.type === 'Image');
    assert.equal(image?.url, 'https://bot.example.com/reports/camp-1/chart.png?exp=1&sig=x');
    assert.deepEqual(card.actions, [
      {
        type: 'Action.OpenUrl',
        title: 'Export CSV',
        url: 'https://bot.example.com/reports/camp-1/export.csv?exp=1&sig=y',
      },
    ]);
  });

  it('shows "—" for rates and hides reason and link sections before anything is sent', () => {
    const emptyCard = renderReportCard(cardData(reportWithNothingSent(3))).content as Card;
    const f = facts(emptyCard);
    assert.equal(f.get('Click engagement'), '— (0 of 0 sent)');
    assert.equal(f.get('Read'), '0 (— of sent)');
    const t = texts(emptyCard);
    assert.ok(!t.includes('Failed by reason'));
    assert.ok(!t.includes('Unscheduled by reason'));
    assert.ok(!t.includes('Top links'));
  });

  it('shows a campaign name literally, even one that looks like a template', () => {
    const name = 'Q&A "Spring" ${status} **bold**';
    const data = { ...cardData(knownReport()), campaignName: name };
    const named = renderReportCard(data).content as Card;
    assert.equal(texts(named)[0], `Report: ${name}`);
  });

  it('shows a campaign name with a Markdown link or HTML as typed, not as a link', () => {
    const campaign = campaignFixture({ name: '[list](https://evil.example) <b>VIP</b>' });
    const data = { ...cardData(knownReport()), ...reportFigures(campaign, knownReport(), 0) };
    const escaped = '\\[list\\](https://evil.example) \\<b\\>VIP\\</b\\>';
    assert.equal(texts(renderReportCard(data).content as Card)[0], `Report: ${escaped}`);
    assert.ok(reportText(data).startsWith(`**Report: ${escaped}**`));
  });

  it('on Skype, says there is nothing to export instead of a link while nobody was planned', () => {
    const text = reportText(cardData(reportWithNothingSent(0)));
    assert.doesNotMatch(text, /Export \(CSV\)|export\.csv/);
    assert.ok(text.endsWith(NOTHING_TO_EXPORT), text);
  });

  it('renders the same card for the same figures, whatever was rendered in between', () => {
    renderReportCard(cardData(reportWithNothingSent(3)));
    assert.deepEqual(renderReportCard(cardData(knownReport())).content, card);
  });

  it('gives Skype the same figures as Markdown text', () => {
    const text = reportText(cardData(knownReport()));
    assert.match(text, /^\*\*Report: Spring launch\*\*/);
    assert.match(text, /- Sent: 5\n/);
    assert.match(text, /- Read: 3 \(60% of sent\)/);
    assert.match(text, /- Failed: 1 \(blocked the bot: 1\)/);
    assert.match(text, /- Pending: 2\n/);
    assert.match(text, /- Click engagement: 40% \(2 of 5 sent\)/);
    assert.match(text, /- Total clicks: 7/);
    assert.match(text, /1\. https:\/\/example\.com\/top — 3 clicks by 2 recipients/);
    assert.match(
      text,
      /Chart: https:\/\/bot\.example\.com\/reports\/camp-1\/chart\.png\?exp=1&sig=x/,
    );
    assert.match(text, /Export \(CSV\): https:\/\/bot\.example\.com\/reports\/camp-1\/export\.csv/);
  });
});

describe('formatPercent', () => {
  const cases: Array<[number, number, string]> = [
    [2, 5, '40%'],
    [0, 5, '0%'],
    [5, 5, '100%'],
    [1, 3, '33%'],
    [2, 3, '67%'],
    [1, 1000, '<1%'],
    [999, 1000, '99%'],
    [0, 0, '—'],
  ];
  for (const [part, whole, expected] of cases) {
    it(`${part} of ${whole} → ${expected}`, () => {
      assert.equal(formatPercent(part, whole), expected);
    });
  }
});
