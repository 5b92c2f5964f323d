import { strict as assert } from 'node:assert';
import { ALL_USERS_LIST_ID } from '../../src/domain/recipients.js';
import type { DeliveryStatus } from '../../src/domain/delivery.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { aCampaign, aDelivery, aList, aUser, T0 } from '../store/fixtures.js';
import { cardOf, Chat, sectionsOf, textOf } from './harness.js';
import { withoutOptionLines, withoutOptionTextLines } from '../support/campaignOptionViews.js';

const HELP_COMMANDS = [
  '`help`',
  '`new campaign`',
  '`campaigns`',
  '`info` _name_',
  '`edit` _name_',
  '`delete` _name_',
  '`try` _name_',
  '`report` _name_',
  '`export` _name_',
  '`lists`',
  '`new list`',
  '`cancel`',
  '`link skype`',
  '`whoami`',
];

describe('MainDialog', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  async function addDeliveries(campaignId: string, statuses: DeliveryStatus[]): Promise<void> {
    await store.deliveries.insert(
      statuses.map((status, i) =>
        aDelivery({
          id: `${campaignId}-d${i}`,
          campaignId,
          email: `person${i}@example.com`,
          status,
          dueAt: status === 'pending' ? T0 : null,
        }),
      ),
    );
  }

  /** Spring Sale (scheduled, not started) and Winter Sale (running, newer). */
  async function twoCampaigns(): Promise<void> {
    await store.lists.create(aList());
    await store.campaigns.create(
      aCampaign({ id: 'c-1', name: 'Spring Sale', status: 'scheduled' }),
    );
    await store.campaigns.create(
      aCampaign({
        id: 'c-2',
        name: 'Winter Sale',
        status: 'running',
        listId: ALL_USERS_LIST_ID,
        createdAt: T0 + 1000,
        startedAt: T0,
        plannedAt: T0,
      }),
    );
    await addDeliveries('c-2', ['sent', 'sent', 'pending', 'sending', 'failed']);
  }

  describe('plain replies', () => {
    it('help lists every command of the spec, one per line', async () => {
      const help = await new Chat(store).sayText('help');
      for (const command of HELP_COMMANDS) {
        assert.ok(
          help.split('\n').some((line) => line.startsWith(`- ${command} — `)),
          command,
        );
        assert.doesNotMatch(help, /&lt;|<name>/, 'no angle brackets: Teams escapes them');
      }
      assert.equal(help.split('\n').filter((l) => l.startsWith('- ')).length, HELP_COMMANDS.length);
    });

    const unknownInputs = ['hello', 'show me everything', 'information Spring Sale'];
    for (const input of unknownInputs) {
      it(`answers unknown text "${input}" with what it did not understand and the help`, async () => {
        const reply = await new Chat(store).sayText(input);
        assert.match(reply, new RegExp(`I didn't understand “${input}”`));
        assert.match(reply, /`new campaign` — /);
      });
    }

    it('echoes only the beginning of a long unknown text', async () => {
      const reply = await new Chat(store).sayText(`please ${'x'.repeat(200)}`);
      assert.match(reply, /^I didn't understand “please x{52}…”\. Here's what I can do:/);
    });

    it('echoes only the beginning of a 30 kB campaign name that does not exist', async () => {
      const reply = await new Chat(store).sayText(`info ${'🎉'.repeat(30000)}`);
      assert.match(reply, /^No campaign named "(?:🎉){59}…"\. You have no campaigns yet/);
    });

    it('answers a message without text (e.g. an image) with the help, never silence', async () => {
      const reply = await new Chat(store).sayText({ text: undefined });
      assert.match(reply, /^Here's what I can do:/);
    });

    it('says there is nothing to cancel when no dialog is active', async () => {
      assert.equal(await new Chat(store).sayText('cancel'), "There's nothing to cancel.");
    });

    it('asks which campaign when a campaign command comes without a name', async () => {
      await twoCampaigns();
      assert.equal(
        await new Chat(store).sayText('report'),
        'Which campaign? Write `report` followed by its name. Your campaigns: Winter Sale, Spring Sale',
      );
    });
  });

  describe('campaigns', () => {
    it('suggests `new campaign` when there are none', async () => {
      assert.match(await new Chat(store).sayText('campaigns'), /no campaigns yet.*`new campaign`/);
    });

    it('shows a card with every campaign, its status, start, progress and buttons', async () => {
      await twoCampaigns();
      const replies = await new Chat(store).say('campaigns');
      const [winter, spring] = sectionsOf(replies);

      assert.deepEqual(winter!.texts, ['Winter Sale']);
      assert.deepEqual(winter!.facts, {
        Status: 'running',
        Start: 'Mon 6 Jan 2025, 09:00 (Europe/Paris)',
        Progress: '2 sent · 2 pending · 1 failed',
      });
      assert.deepEqual(winter!.actions, [
        { title: 'Information', data: { command: 'info', campaignId: 'c-2' } },
        { title: 'Try', data: { command: 'try', campaignId: 'c-2' } },
        { title: 'Report', data: { command: 'report', campaignId: 'c-2' } },
        { title: 'Export', data: { command: 'export', campaignId: 'c-2' } },
      ]);

      assert.deepEqual(spring!.texts, ['Spring Sale']);
      assert.deepEqual(spring!.facts, {
        Status: 'scheduled',
        Start: 'Mon 6 Jan 2025, 09:00 (Europe/Paris)',
        Progress: 'not started',
      });
      // Not started: nothing to export, and at most 5 buttons (the Adaptive Cards default limit).
      assert.deepEqual(
        spring!.actions.map((a) => a.title),
        ['Information', 'Edit', 'Try', 'Report', 'Delete'],
      );
      for (const action of spring!.actions) {
        assert.equal((action.data as { campaignId: string }).campaignId, 'c-1');
      }
    });

    it('only lists the admin’s own tenant', async () => {
      await twoCampaigns();
      await store.campaigns.create(aCampaign({ id: 'c-x', tenantId: 'tenant-b', name: 'Secret' }));
      const sections = sectionsOf(await new Chat(store).say('campaigns'));
      assert.deepEqual(
        sections.map((s) => s.texts[0]),
        ['Winter Sale', 'Spring Sale'],
      );
    });

    it('a card button runs the same command by campaign id', async () => {
      await twoCampaigns();
      const chat = new Chat(store);
      const info = cardOf(await chat.say({ value: { command: 'info', campaignId: 'c-2' } }));
      assert.equal(info.texts[0], 'Winter Sale');
      const report = await chat.sayText({ value: { command: 'report', campaignId: 'c-1' } });
      assert.equal(report, 'Report of Spring Sale');
    });

    it('a button of another tenant’s campaign finds nothing', async () => {
      await twoCampaigns();
      await store.campaigns.create(aCampaign({ id: 'c-x', tenantId: 'tenant-b', name: 'Secret' }));
      const reply = await new Chat(store).sayText({
        value: { command: 'info', campaignId: 'c-x' },
      });
      assert.match(
        reply,
        /^That campaign no longer exists\. Your campaigns: Winter Sale, Spring Sale$/,
      );
    });

    it('on Skype comes as text, not a card', async () => {
      await twoCampaigns();
      const replies = await new Chat(store, { botChannelId: 'skype' }).say('campaigns');
      assert.equal(replies[0]!.attachments, undefined);
      const text = textOf(replies);
      assert.match(
        text,
        /1\. \*\*Winter Sale\*\* — running · starts Mon 6 Jan 2025, 09:00 \(Europe\/Paris\) · 2 sent · 2 pending · 1 failed/,
      );
      assert.match(text, /2\. \*\*Spring Sale\*\* — scheduled · .* · not started/);
    });

    it('accepts the command with the bot @mentioned, as in a Teams channel', async () => {
      await twoCampaigns();
      const replies = await new Chat(store).say({
        text: '<at>Campaign Bot</at> campaigns',
        entities: [
          {
            type: 'mention',
            mentioned: { id: '28:bot', name: 'Campaign Bot' },
            text: '<at>Campaign Bot</at>',
          },
        ],
      });
      assert.equal(sectionsOf(replies).length, 2);
    });
  });

  describe('info', () => {
    it('shows every field of a running campaign, with its progress', async () => {
      await twoCampaigns();
      await store.campaigns.create(
        aCampaign({
          id: 'c-3',
          name: 'Q1 Push',
          status: 'running',
          plannedAt: T0,
          channel: 'skype',
          durationDays: 1,
          presencePolicy: 'available-away-busy',
          workingHours: {
            open: '08:30',
            close: '17:00',
            weekdays: [1, 3, 4, 5],
            timeZone: 'America/New_York',
          },
          message: 'Hi {{firstName}}, **news**!',
        }),
      );
      await addDeliveries('c-3', ['sent', 'unreachable', 'unscheduled']);
      const card = cardOf(await new Chat(store).say('info q1 push'));
      assert.equal(card.texts[0], 'Q1 Push');
      assert.deepEqual(withoutOptionLines(card.facts), {
        Status: 'running',
        Channel: 'Skype',
        List: 'Sales team',
        Start: 'Mon 6 Jan 2025, 08:30 (America/New_York)',
        Duration: '1 day',
        'Working hours': '08:30–17:00, Mon, Wed–Fri (America/New_York)',
        Presence: 'send when Available, Away, Be right back or Busy',
        Progress: '1 sent · 0 pending · 0 failed · 1 unscheduled · 1 unreachable',
      });
      assert.ok(card.texts.includes('Hi {{firstName}}, **news**!'));
    });

    it('names the built-in list and leaves progress out before the start', async () => {
      await store.campaigns.create(
        aCampaign({ status: 'scheduled', listId: ALL_USERS_LIST_ID, presencePolicy: 'ignore' }),
      );
      const card = cardOf(await new Chat(store).say('info "SPRING SALE"'));
      assert.equal(card.facts.List, 'All reachable users');
      assert.equal(card.facts.Presence, 'presence not checked (no presence source configured)');
      assert.equal(card.facts.Progress, undefined);
      assert.deepEqual(
        card.actions.map((a) => a.title),
        ['Edit', 'Try', 'Report', 'Delete'],
      );
    });

    it('shows the start date entered when it is not a working day, then when sending begins', async () => {
      await store.campaigns.create(aCampaign({ status: 'scheduled', startDate: '2025-01-04' }));
      const card = cardOf(await new Chat(store).say('info Spring Sale'));
      assert.equal(
        card.facts.Start,
        'Sat 4 Jan 2025, not a working day: sending begins Mon 6 Jan 2025, 09:00 (Europe/Paris)',
      );
    });

    it('on Skype comes as text with every field', async () => {
      await twoCampaigns();
      const replies = await new Chat(store, { botChannelId: 'skype' }).say('info Winter Sale');
      assert.equal(replies[0]!.attachments, undefined);
      assert.equal(
        withoutOptionTextLines(textOf(replies)),
        [
          '**Winter Sale**',
          'Status: running',
          'Channel: Teams',
          'List: All reachable users',
          'Start: Mon 6 Jan 2025, 09:00 (Europe/Paris)',
          'Duration: 5 days',
          'Working hours: 09:00–18:00, Mon–Fri (Europe/Paris)',
          'Presence: send only when Available',
          'Progress: 2 sent · 2 pending · 1 failed',
          'Message:',
          '',
          'Hello {{firstName}}, see [our offer](https://example.com/offer)',
        ].join('\n'),
      );
    });

    it('says why a campaign ended early', async () => {
      await store.campaigns.create(
        aCampaign({
          status: 'finished',
          endReason: "Microsoft Graph refused to read the group's members (403 Forbidden).",
        }),
      );
      const text = textOf(await new Chat(store, { botChannelId: 'skype' }).say('info Spring Sale'));
      assert.match(text, /Status: finished\nChannel: Teams/);
      assert.match(
        text,
        /\nEnded early: Microsoft Graph refused to read the group's members \(403 Forbidden\)\.\nMessage:/,
      );
    });

    it('names the existing campaigns when the name is unknown', async () => {
      await twoCampaigns();
      assert.equal(
        await new Chat(store).sayText('info Autumn Sale'),
        'No campaign named "Autumn Sale". Your campaigns: Winter Sale, Spring Sale',
      );
    });

    it('suggests `new campaign` when the name is unknown and there are none', async () => {
      assert.match(
        await new Chat(store).sayText('info Autumn Sale'),
        /^No campaign named "Autumn Sale"\. You have no campaigns yet — write `new campaign`/,
      );
    });

    it('points to `campaigns` when there are too many names to list', async () => {
      for (let i = 1; i <= 12; i++) {
        await store.campaigns.create(
          aCampaign({ id: `c-${i}`, name: `Campaign ${i}`, createdAt: T0 + i }),
        );
      }
      const reply = await new Chat(store).sayText('info nope');
      assert.match(
        reply,
        /Your campaigns: Campaign 12, .*Campaign 3 and 2 more — write `campaigns` to see them all\.$/,
      );
    });
  });

  describe('report and export', () => {
    it('report replies with the report for the admin’s channel', async () => {
      await twoCampaigns();
      const chat = new Chat(store, { botChannelId: 'skype' });
      assert.equal(await chat.sayText('report winter sale'), 'Report of Winter Sale');
      assert.deepEqual(chat.doubles.reports.reported, [
        { campaignId: 'c-2', botChannelId: 'skype' },
      ]);
    });

    it('export replies with the link and how long it is valid', async () => {
      await twoCampaigns();
      const reply = await new Chat(store).sayText('export Winter Sale');
      const exp = Date.parse('2025-01-04T10:00:00Z');
      assert.equal(
        reply,
        `Per-recipient CSV of “Winter Sale”: [download](https://bot.example.com/export/c-2.csv?exp=${exp}&sig=test-signature)\n\n` +
          'The link is valid for 24 hours, until Sat 4 Jan 2025, 11:00 (Europe/Paris).',
      );
    });

    it('the information card offers Export only once the campaign has recipients', async () => {
      await twoCampaigns();
      const chat = new Chat(store);
      const titles = async (name: string) =>
        cardOf(await chat.say(`info ${name}`)).actions.map((action) => action.title);
      assert.deepEqual(await titles('Spring Sale'), ['Edit', 'Try', 'Report', 'Delete']);
      assert.deepEqual(await titles('Winter Sale'), ['Try', 'Report', 'Export']);
    });

    it('export of a campaign not started says there is nothing to export yet, with no link', async () => {
      await twoCampaigns();
      assert.equal(
        await new Chat(store).sayText('export Spring Sale'),
        'Nothing to export yet: “Spring Sale” has not started. The CSV lists its recipients once it starts.',
      );
    });

    it('export of a finished campaign that had nobody to send to says so', async () => {
      await store.campaigns.create(
        aCampaign({ id: 'c-9', name: 'Empty', status: 'finished', startedAt: T0, plannedAt: T0 }),
      );
      assert.equal(
        await new Chat(store, { botChannelId: 'skype' }).sayText('export Empty'),
        'Nothing to export: “Empty” has no recipients.',
      );
    });
  });

  describe('names with Markdown links or HTML are shown as typed, never as links', () => {
    const LINKED = '[list](https://evil.example)';
    const TAGGED = '<b>VIP</b>';
    const SHOWN_LINKED = '\\[list\\](https://evil.example)';
    const SHOWN_TAGGED = '\\<b\\>VIP\\</b\\>';

    beforeEach(async () => {
      await store.lists.create(aList({ name: TAGGED }));
      await store.campaigns.create(aCampaign({ id: 'c-1', name: LINKED, status: 'scheduled' }));
    });

    it('in the campaigns card and its Skype text', async () => {
      const [section] = sectionsOf(await new Chat(store).say('campaigns'));
      assert.deepEqual(section!.texts, [SHOWN_LINKED]);
      const text = await new Chat(store, { botChannelId: 'skype' }).sayText('campaigns');
      assert.ok(text.includes(`1. **${SHOWN_LINKED}** — scheduled`), text);
    });

    it('in the information card and its Skype text, list name included', async () => {
      const info = cardOf(
        await new Chat(store).say({ value: { command: 'info', campaignId: 'c-1' } }),
      );
      assert.equal(info.texts[0], SHOWN_LINKED);
      assert.equal(info.facts['List'], SHOWN_TAGGED);
      const text = await new Chat(store, { botChannelId: 'skype' }).sayText({
        value: { command: 'info', campaignId: 'c-1' },
      });
      assert.ok(text.startsWith(`**${SHOWN_LINKED}**\n`), text);
      assert.ok(text.includes(`List: ${SHOWN_TAGGED}\n`), text);
    });

    it('in the lists card and its Skype text', async () => {
      const sections = sectionsOf(await new Chat(store).say('lists'));
      assert.equal(sections[1]!.texts[0], SHOWN_TAGGED);
      const text = await new Chat(store, { botChannelId: 'skype' }).sayText('lists');
      assert.ok(text.includes(`- **${SHOWN_TAGGED}** — 2 addresses`), text);
    });

    it('in the replies naming the admin’s campaigns, the delete question and “Deleted …”', async () => {
      const chat = new Chat(store);
      const notFound = await chat.sayText('info nope');
      assert.ok(notFound.endsWith(`Your campaigns: ${SHOWN_LINKED}`), notFound);
      assert.equal(
        cardOf(await chat.say('delete [list](https://evil.example)')).texts[0],
        `Delete “${SHOWN_LINKED}”?`,
      );
      assert.equal(await chat.sayText('yes'), `Deleted “${SHOWN_LINKED}”.`);
    });
  });

  describe('lists', () => {
    async function someUsersAndAList(): Promise<void> {
      await store.users.upsert(aUser());
      await store.users.upsert(aUser({ id: 'msteams:29:carl', email: 'carl@example.com' }));
      await store.users.upsert(
        aUser({ id: 'msteams:29:zed', tenantId: 'tenant-b', email: 'bob@example.com' }),
      );
      await store.lists.create(aList({ emails: ['ann@example.com', 'bob@example.com'] }));
    }

    it('shows the built-in list and the saved lists with reachable counts', async () => {
      await someUsersAndAList();
      const replies = await new Chat(store).say('lists');
      const sections = sectionsOf(replies);
      assert.deepEqual(
        sections.map((s) => s.texts),
        [
          ['All reachable users', 'built-in · 2 users who installed or talked to the bot'],
          ['Sales team', '2 addresses · 1 reachable · 1 not reachable yet'],
        ],
      );
      assert.deepEqual(cardOf(replies).actions, [
        { title: 'New list', data: { command: 'new list' } },
      ]);
    });

    it('says what a directory audience is instead of counting its (unknown) addresses', async () => {
      await store.lists.create(
        aList({
          id: 'directory-group:g-sales',
          name: 'Group: Sales',
          emails: [],
          directoryAudience: { kind: 'Microsoft 365 group', estimatedSize: 2500 },
          createdAt: 3,
        }),
      );
      await store.lists.create(
        aList({
          id: 'directory-everyone:tenant-a',
          name: 'Everyone in the organisation',
          emails: [],
          directoryAudience: { kind: 'everyone in the organisation' },
          createdAt: 2,
        }),
      );
      // Saved before lists said what they are: the id still tells a group.
      await store.lists.create(
        aList({ id: 'directory-group:g-old', name: 'Group: Old', emails: [], createdAt: 1 }),
      );

      const rows = sectionsOf(await new Chat(store).say('lists')).map((s) => s.texts);
      assert.deepEqual(rows.slice(1), [
        [
          'Group: Sales',
          'Microsoft 365 group · members read when a campaign starts · about 2,500 people when chosen',
        ],
        [
          'Everyone in the organisation',
          'Everyone in the organisation · members read when a campaign starts',
        ],
        ['Group: Old', 'Directory group · members read when a campaign starts'],
      ]);
      assert.match(
        textOf(await new Chat(store, { botChannelId: 'skype' }).say('lists')),
        /- \*\*Group: Sales\*\* — Microsoft 365 group · members read when a campaign starts · about 2,500 people when chosen/,
      );
    });

    it('on Skype comes as text', async () => {
      await someUsersAndAList();
      const replies = await new Chat(store, { botChannelId: 'skype' }).say('lists');
      assert.equal(replies[0]!.attachments, undefined);
      assert.equal(
        textOf(replies),
        [
          'Recipient lists:',
          '',
          '- **All reachable users** — built-in · 2 users who installed or talked to the bot',
          '- **Sales team** — 2 addresses · 1 reachable · 1 not reachable yet',
          '',
          'Write `new list` to create a mailing list.',
        ].join('\n'),
      );
    });
  });

  describe('campaign form', () => {
    it('`new campaign` opens the form and `cancel` leaves it with nothing saved', async () => {
      const chat = new Chat(store);
      const opened = await chat.say('new campaign');
      assert.ok(opened.length > 0);
      assert.equal(await chat.sayText('cancel'), 'Cancelled — nothing was saved.');
      assert.deepEqual(await store.campaigns.list('tenant-a'), []);
      assert.equal(await chat.sayText('cancel'), "There's nothing to cancel.");
    });

    it('`edit` of a running campaign is refused with the reason', async () => {
      await twoCampaigns();
      const reply = await new Chat(store).sayText('edit Winter Sale');
      assert.match(reply, /running/);
    });
  });
});
