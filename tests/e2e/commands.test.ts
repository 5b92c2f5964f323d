/**
 * End to end, after a campaign exists: the admin's commands, `try`, what a non-admin gets, and
 * /healthz — on the app createApp builds, over real HTTP, with nock as the Bot Connector; the
 * same tests on SQLite and on MongoDB.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { CLOSED_CARD_TEXT } from '../../dialogs/MainDialog.js';
import { NON_ADMIN_REPLY } from '../../src/bot/welcome.js';
import type { StoreKind } from '../../src/store/Store.js';
import { VERSION } from '../../src/version.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { NOTHING_TO_EXPORT } from '../../src/reports/reportCard.js';
import { cardOf, sectionsOf } from '../dialogs/harness.js';
import { aDelivery } from '../store/fixtures.js';
import { ADA, E2eApp, GRACE, PUBLIC_URL, TeamsUser } from './appHarness.js';
import {
  ADAPTIVE_CARD,
  BASICS,
  CONFIRM,
  contentTypes,
  createCampaignByChat,
  textOf,
} from './chatSteps.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { withoutOptionLines } from '../support/campaignOptionViews.js';

const STARTS = 'Mon 8 Dec 2036, 09:00 (Europe/Paris)';
const EXPORT_LINK = /\[download\]\((https:\/\/bot\.contoso\.test\/reports\/[^)\s]+)\)/;

for (const kind of STORE_KINDS) describeAdminCommands(kind);

function describeAdminCommands(kind: StoreKind): void {
  describe(`e2e: admin commands, try, non-admins and health (createApp over HTTP, ${kind})`, () => {
    let e2e: E2eApp;
    let connector: StandInConnector;
    let admin: TeamsUser;
    let grace: TeamsUser;
    let campaignId: string;

    beforeEach(async function () {
      e2e = await E2eApp.start(kind, this);
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      admin = new TeamsUser(e2e, connector, ADA);
      grace = new TeamsUser(e2e, connector, GRACE);
      await admin.install();
      assert.match(await createCampaignByChat(admin), /^Campaign “Winter Sale” is saved/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      campaignId = campaign!.id;
    });

    afterEach(async () => {
      nock.cleanAll();
      nock.enableNetConnect();
      await e2e?.stop();
    });

    it('`campaigns` lists the campaign with its buttons; `info` shows it in the campaign zone', async () => {
      const list = await admin.say('campaigns');
      assert.deepEqual(contentTypes(list), [ADAPTIVE_CARD]);
      const sections = sectionsOf(list);
      assert.equal(sections.length, 1);
      assert.deepEqual(sections[0]!.texts, ['Winter Sale']);
      assert.equal(sections[0]!.facts['Status'], 'scheduled');
      assert.equal(sections[0]!.facts['Start'], STARTS);
      assert.deepEqual(sections[0]!.actions, [
        { title: 'Information', data: { command: 'info', campaignId } },
        { title: 'Edit', data: { command: 'edit', campaignId } },
        { title: 'Try', data: { command: 'try', campaignId } },
        { title: 'Report', data: { command: 'report', campaignId } },
        { title: 'Delete', data: { command: 'delete', campaignId } },
      ]);
      const exported = textOf(await admin.say({ value: { command: 'export', campaignId } }));
      assert.equal(
        exported,
        'Nothing to export yet: “Winter Sale” has not started. The CSV lists its recipients once it starts.',
        'an Export button of an older card answers like the typed command',
      );

      const info = cardOf(await admin.say('info winter sale'));
      assert.deepEqual(withoutOptionLines(info.facts), {
        Status: 'scheduled',
        Channel: 'Teams',
        List: 'All reachable users',
        Start: STARTS,
        Duration: '5 days',
        'Working hours': '09:00–18:00, Mon–Fri (Europe/Paris)',
        Presence: 'presence not checked (no presence source configured)',
      });
      assert.ok(info.texts.includes('Hi {{firstName}}, our **winter sale** starts on Monday.'));

      const pressed = cardOf(await admin.say({ value: { command: 'info', campaignId } }));
      assert.deepEqual(pressed.facts, info.facts, 'the card button answers like the typed command');
    });

    it('`delete`: Action.Submit buttons, a doubtful answer deletes nothing, an explicit Yes does', async () => {
      const question = cardOf(await admin.say({ value: { command: 'delete', campaignId } }));
      assert.deepEqual(question.texts, [
        'Delete “Winter Sale”?',
        '**Winter Sale** — scheduled\n\nIts scheduled jobs will be removed, so nothing will be sent.',
      ]);
      assert.deepEqual(
        question.actions.map((action) => action.title),
        ['Yes, delete it', 'No, keep it'],
      );

      const doubt = cardOf(await admin.say('not sure'));
      assert.match(doubt.texts[0]!, /^I did not understand “not sure”/);
      assert.equal((await e2e.store.campaigns.list(TENANT_ID)).length, 1);

      const yes = doubt.actions.find((action) => action.title === 'Yes, delete it')!;
      assert.equal(
        textOf(await admin.say({ value: yes.data as Record<string, unknown> })),
        'Deleted “Winter Sale”.',
      );
      assert.deepEqual(await e2e.store.campaigns.list(TENANT_ID), []);
    });

    it('`report` before the start shows the list’s size and "not started yet" and offers no export; once it has recipients `export` gives a signed link whose CSV is served over HTTP', async () => {
      await grace.joinConversation();
      const report = await admin.say('report Winter Sale');
      assert.deepEqual(contentTypes(report), [ADAPTIVE_CARD]);
      const card = cardOf(report);
      assert.ok(card.texts.includes('Report: Winter Sale'), card.texts.join('|'));
      assert.ok(card.texts.includes('Scheduled · as of 3 Dec 2036 10:00 (Europe/Paris)'));
      assert.deepEqual(
        card.facts,
        { Recipients: '2 on its list today' },
        'Ada and Grace, no zeros',
      );
      assert.ok(card.texts.includes('Not started yet: the figures appear once it starts.'));
      assert.ok(card.texts.includes(NOTHING_TO_EXPORT), card.texts.join('|'));
      assert.deepEqual(cardActions(report), [], 'no Export CSV button before the start');
      assert.equal(
        textOf(await admin.say('export Winter Sale')),
        'Nothing to export yet: “Winter Sale” has not started. The CSV lists its recipients once it starts.',
      );

      // It starts, and has sent to Grace.
      const startedAt = e2e.clock.now().toMillis();
      assert.ok(await e2e.store.campaigns.setStatus(campaignId, 'scheduled', 'running', startedAt));
      await e2e.store.campaigns.markPlanned(campaignId, startedAt);
      await e2e.store.deliveries.insert([
        aDelivery({
          id: `${campaignId}-grace`,
          campaignId,
          email: GRACE.email,
          status: 'sent',
          dueAt: null,
          sentAt: startedAt,
        }),
      ]);
      assert.deepEqual(
        cardActions(await admin.say('report Winter Sale')).map((action) => action.title),
        ['Export CSV'],
      );

      const exported = textOf(await admin.say('export Winter Sale'));
      assert.match(
        exported,
        /\n\nThe link is valid for 24 hours, until Thu 4 Dec 2036, 10:00 \(Europe\/Paris\)\.$/,
      );
      const link = EXPORT_LINK.exec(exported)?.[1];
      assert.ok(link, exported);
      assert.ok(link.startsWith(`${PUBLIC_URL}/reports/${campaignId}/export.csv?exp=`), link);

      const csv = await e2e.get(link);
      assert.equal(csv.status, 200);
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(
        (await csv.text()).replace(/^\uFEFF/, ''),
        '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location"\r\n' +
          `"${GRACE.email}","sent","","2036-12-03T10:00:00+01:00","","0","present","","",""\r\n`,
      );

      const url = new URL(link);
      const exp = Number(url.searchParams.get('exp'));
      const longerLife = link.replace(`exp=${exp}`, `exp=${exp + 86_400_000}`);
      const flippedSignature = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
      for (const tampered of [longerLife, flippedSignature]) {
        const res = await e2e.get(tampered);
        assert.equal(res.status, 403, tampered);
        assert.doesNotMatch(await res.text(), /address/);
      }

      e2e.clock.advance({ hours: 24 });
      assert.equal((await e2e.get(link)).status, 403, 'the untouched link has expired');
    });

    it('a non-admin gets a polite answer and no admin data, and is recorded as reachable', async () => {
      for (const command of [
        'campaigns',
        'info Winter Sale',
        'export Winter Sale',
        'new campaign',
      ]) {
        const replies = await grace.say(command);
        assert.deepEqual(
          replies.map((r) => ({ text: r.text, attachments: r.attachments })),
          [{ text: NON_ADMIN_REPLY, attachments: undefined }],
          command,
        );
      }

      const user = await e2e.store.users.get(`msteams:${GRACE.id}`);
      assert.ok(user, 'Grace is a reachable user');
      assert.deepEqual(
        {
          tenantId: user.tenantId,
          channel: user.channel,
          email: user.email,
          givenName: user.givenName,
        },
        { tenantId: TENANT_ID, channel: 'teams', email: 'grace@contoso.test', givenName: 'Grace' },
      );
      assert.equal((await e2e.store.campaigns.list(TENANT_ID)).length, 1, 'nothing was created');
    });

    it('`try` sends the rendered message at once to a reachable user, through the Bot Connector', async () => {
      assert.deepEqual(
        (await grace.joinConversation()).map((p) => p.activity.text),
        [NON_ADMIN_REPLY],
        'joining gets the non-admin line',
      );
      assert.equal((await e2e.store.users.get(`msteams:${GRACE.id}`))?.givenName, 'Grace');

      const ask = textOf(await admin.say('try Winter Sale'));
      assert.match(
        ask,
        /^Which e-mail address should get a test of “Winter Sale”\? It is sent at once on Teams/,
      );

      const posted = await admin.send({ type: 'message', text: 'Grace@Contoso.test' });
      assert.deepEqual(
        posted.map((p) => ({ to: p.conversationId, replyTo: p.replyToId, text: p.activity.text })),
        [
          {
            to: grace.conversationId,
            replyTo: undefined,
            text: 'Hi Grace, our **winter sale** starts on Monday.',
          },
          {
            to: admin.conversationId,
            replyTo: admin.lastActivityId,
            text: 'Sent: grace@contoso.test received the test message on Teams.',
          },
        ],
        'a new message in Grace’s chat, then the answer to the admin’s turn',
      );
      assert.equal(posted[0]!.activity.textFormat, 'markdown');

      await admin.say('try Winter Sale');
      assert.equal(
        textOf(await admin.say('nobody@contoso.test')),
        'Not sent: no user with the address nobody@contoso.test has installed or talked to the bot on Teams, so the bot cannot reach them. Once they do, try again.',
      );
    });

    it('a click on a card of the finished form says the form is closed, and changes nothing', async () => {
      for (const value of [BASICS, CONFIRM]) {
        const replies = await admin.say({ value });
        assert.deepEqual(
          replies.map((r) => r.text),
          [CLOSED_CARD_TEXT],
        );
      }
      assert.equal((await e2e.store.campaigns.list(TENANT_ID)).length, 1);
    });

    it(`/healthz reports the ${kind} store, the scheduler, this process’s dispatch and revision workers, the cluster’s send rate and the version`, async () => {
      const res = await fetch(`${e2e.baseUrl}/healthz`);
      assert.equal(res.status, 200);
      const health = (await res.json()) as {
        dispatchWorker: { workerId: string; state: string };
        revisionWorker: { state: string };
      };
      assert.match(health.dispatchWorker.workerId, /^.+:\d+:[0-9a-f]{8}$/);
      // Asleep, or looking at the store for due deliveries (it does every second).
      assert.ok(['idle', 'working'].includes(health.dispatchWorker.state));
      assert.deepEqual(health, {
        status: 'ok',
        store: kind,
        scheduler: 'running',
        dispatchWorker: {
          workerId: health.dispatchWorker.workerId,
          state: health.dispatchWorker.state,
          batches: 0,
          claimed: 0,
          sent: 0,
          lastBatchAt: null,
        },
        // Looking for a recall or correction to work (it does every second), or asleep.
        revisionWorker: {
          workerId: health.dispatchWorker.workerId,
          state: health.revisionWorker.state,
          edits: 0,
        },
        clusterSendRatePerSecond: 0,
        version: VERSION,
      });
      assert.match(VERSION, /^\d+\.\d+\.\d+/);
    });
  });
}

/** The card-level actions (buttons) of the one card of `replies`. */
function cardActions(
  replies: Array<{ attachments?: Array<{ content?: unknown }> }>,
): Array<{ title: string }> {
  const content = replies.flatMap((r) => r.attachments ?? [])[0]?.content as {
    actions?: Array<{ title: string }>;
  };
  return content.actions ?? [];
}
