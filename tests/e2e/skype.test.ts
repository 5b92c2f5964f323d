/**
 * Admins on Skype (SPEC.md: Who uses it), end to end on the app createApp builds, over real HTTP
 * with `channelId: "skype"`: a Skype for Business SIP id, a pairing code obtained in Teams, and
 * ADMIN_IDS. The Bot Connector is the stand-in of tests/support/standInConnector.ts.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { NON_ADMIN_REPLY } from '../../src/bot/welcome.js';
import { DEFAULT_TENANT_ID } from '../../src/bot/identity.js';
import { resolveRecipients, type Recipient } from '../../src/delivery/recipientResolver.js';
import { aCampaign } from '../store/fixtures.js';
import { ADA, ADMIN_EMAIL, E2eApp, TeamsUser } from './appHarness.js';
import { ALL_REACHABLE_USERS, BASICS, CONFIRM, SCHEDULE, textOf } from './chatSteps.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { SkypeUser } from './skypeUser.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import type { StoreKind } from '../../src/store/Store.js';
import { STORE_KINDS } from '../support/testStorage.js';

const CODE = /\*\*(\d{6})\*\*/;

/** The Teams card form, for a campaign sent on Skype to every reachable user. */
async function createSkypeCampaignOnTeams(admin: TeamsUser): Promise<void> {
  await admin.say('new campaign');
  await admin.say({
    value: {
      ...BASICS,
      name: 'Skype launch',
      message: 'Hello from Skype launch',
      channel: 'skype',
    },
  });
  await admin.say({ value: ALL_REACHABLE_USERS });
  await admin.say({ value: SCHEDULE });
  assert.match(textOf(await admin.say({ value: CONFIRM })), /“Skype launch” is saved/);
}

/**
 * Answers for the text form, found by what the question is about rather than its exact words
 * (the first pattern matching the bot's last message wins; the summary asks to confirm).
 */
const SKYPE_FORM_ANSWERS: [RegExp, string][] = [
  [/confirm/i, 'Confirm'],
  [/campaign name/i, 'Skype news'],
  [/message/i, 'Hi {{fullName}}, the news is out.'],
  [/channel/i, 'Skype'],
  [/time zone/i, 'Europe/Paris'],
  [/which list/i, 'All reachable users'],
  [/start/i, '2036-12-08'],
  [/how many days/i, '3'],
  [/working hours/i, '09:00-18:00'],
  [/weekdays/i, 'Mon-Fri'],
];

/**
 * `new campaign` answered in text until the bot says it is saved; returns that reply, and puts
 * the bot's earlier replies in `transcript`.
 */
async function createCampaignInText(
  admin: SkypeUser,
  message = 'Hi {{fullName}}, the news is out.',
  transcript: string[] = [],
): Promise<string> {
  const answers: [RegExp, string][] = SKYPE_FORM_ANSWERS.map(([asks, answer]) => [
    asks,
    asks.source === 'message' ? message : answer,
  ]);
  let reply = (await admin.say('new campaign')).join('\n');
  while (!/is saved/.test(reply)) {
    transcript.push(reply);
    const answer = answers.find(([asks]) => asks.test(reply))?.[1];
    if (answer === undefined || admin.turns > 20) {
      throw new Error(`the text form went astray:\n${transcript.join('\n---\n')}`);
    }
    reply = (await admin.say(answer)).join('\n');
  }
  return reply;
}

for (const kind of STORE_KINDS) describeSkypeAdmins(kind);

function describeSkypeAdmins(kind: StoreKind): void {
  describe(`e2e: admins on Skype (createApp over HTTP, channelId skype, ${kind})`, () => {
    let e2e: E2eApp;
    let connector: StandInConnector;

    beforeEach(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA]);
    });

    afterEach(async () => {
      nock.cleanAll();
      nock.enableNetConnect();
      await e2e?.stop();
    });

    it('a Skype for Business admin (SIP id) is greeted, then creates, reports, tries (on a SIP colleague), edits and deletes a campaign in text', async function () {
      e2e = await E2eApp.start(kind, this);
      const ada = new SkypeUser(e2e, connector, `sip:${ADMIN_EMAIL}`, 'Ada Lovelace');
      const grace = new SkypeUser(e2e, connector, 'sip:Grace@Contoso.test', 'Grace Hopper');

      const [welcome, ...more] = await ada.addBot();
      assert.equal(more.length, 0);
      assert.match(welcome!, /^Hi Ada! I run your push campaigns/);
      assert.match(welcome!, /`new campaign`.*\n.*`campaigns`.*\n.*`help`/);
      const [whoami] = await ada.say('whoami');
      assert.match(whoami!, /ada@contoso\.test \(from your Skype for Business address\)/);
      assert.match(whoami!, /You are an admin/);
      assert.match((await grace.say('hello'))[0]!, new RegExp(`^${NON_ADMIN_REPLY}`));
      assert.equal(
        (await e2e.store.users.get('skype:sip:Grace@Contoso.test'))?.email,
        'grace@contoso.test',
      );

      ada.turns = 0;
      assert.match(await createCampaignInText(ada), /Campaign “Skype news” is saved and scheduled/);
      console.log(`      new campaign in text on Skype: ${ada.turns} admin turns`);
      const [saved, ...others] = await e2e.store.campaigns.list(DEFAULT_TENANT_ID);
      assert.equal(others.length, 0);
      assert.deepEqual(
        {
          name: saved?.name,
          channel: saved?.channel,
          listId: saved?.listId,
          startDate: saved?.startDate,
          durationDays: saved?.durationDays,
          status: saved?.status,
          author: saved?.authorUserId,
        },
        {
          name: 'Skype news',
          channel: 'skype',
          listId: 'all-users',
          startDate: '2036-12-08',
          durationDays: 3,
          status: 'scheduled',
          author: `skype:sip:${ADMIN_EMAIL}`,
        },
      );

      const report = (await ada.say('report Skype news')).join('\n');
      assert.match(report, /^\*\*Report: Skype news\*\*\nScheduled · as of/);
      assert.match(report, /- Recipients: 2 on its list today/, 'Ada and Grace');
      assert.match(report, /Not started yet/);

      assert.match((await ada.say('try Skype news'))[0]!, /Which e-mail address/);
      const posted = await ada.send({ type: 'message', text: 'grace@contoso.test' });
      assert.deepEqual(
        posted.map((p) => [p.conversationId, p.activity.text]),
        [
          [grace.conversationId, 'Hi Grace Hopper, the news is out.'],
          [ada.conversationId, 'Sent: grace@contoso.test received the test message on Skype.'],
        ],
      );

      for (const answer of ['edit Skype news', 'change a field', 'Duration', '4', 'Confirm']) {
        await ada.say(answer);
      }
      assert.equal((await e2e.store.campaigns.get(saved!.id))?.durationDays, 4, 'edited in text');

      await ada.say('delete Skype news');
      await ada.say('yes');
      assert.equal(await e2e.store.campaigns.get(saved!.id), null, 'deleted in text');
    });

    it('a Teams admin links a Skype account with a one-time code: it then acts and is reached as that admin; `unlink` undoes it', async function () {
      e2e = await E2eApp.start(kind, this);
      const teams = new TeamsUser(e2e, connector, ADA);
      const skype = new SkypeUser(e2e, connector, 'live:ada', 'Ada');
      await teams.install();
      await createSkypeCampaignOnTeams(teams);

      assert.match(
        (await skype.addBot())[0]!,
        /Are you an admin\? Write `link skype` to me in Teams/,
      );
      const [before] = await skype.say('whoami');
      assert.match(
        before!,
        /id `skype:live:ada`\. I know no e-mail address for you\. You are not an admin\./,
      );

      const issued = textOf(await teams.say('link skype'));
      const code = CODE.exec(issued)?.[1];
      assert.ok(code, issued);
      assert.match(issued, /Within 10 minutes, write `link \d{6}` to me on Skype/);
      const stored = JSON.stringify(await e2e.store.pairing.live(e2e.clock.now().toMillis()));
      assert.ok(stored.includes('"hash"'), stored);
      assert.ok(!stored.includes(code), 'only a hash of the code is stored');

      assert.match((await skype.say('link 12345'))[0]!, /A code has six digits/);
      assert.match(
        (await skype.say(`link ${code}`))[0]!,
        /^Linked: this Skype account is now ada@contoso\.test\. You are an admin here too/,
      );
      const linked = await e2e.store.users.get('skype:live:ada');
      assert.deepEqual([linked?.email, linked?.tenantId], [ADMIN_EMAIL, TENANT_ID]);
      assert.match(
        (await skype.say('whoami'))[0]!,
        /ada@contoso\.test \(linked with `link`; `unlink` forgets it\)\. You are an admin/,
      );
      assert.match(
        (await skype.say('campaigns'))[0]!,
        /1\. \*\*Skype launch\*\* — scheduled/,
        'the campaigns of the Teams organisation',
      );

      await teams.say('try Skype launch');
      const posted = await teams.send({ type: 'message', text: ADMIN_EMAIL });
      assert.deepEqual(
        posted.map((p) => [p.conversationId, p.activity.text]),
        [
          [skype.conversationId, 'Hello from Skype launch'],
          [teams.conversationId, 'Sent: ada@contoso.test received the test message on Skype.'],
        ],
        '`try` reaches the linked Skype account by e-mail',
      );

      const mallory = new SkypeUser(e2e, connector, 'live:mallory', 'Mallory');
      assert.match(
        (await mallory.say(`link ${code}`))[0]!,
        /^That code is wrong, used or expired/,
        'single use',
      );
      assert.equal((await e2e.store.users.get('skype:live:mallory'))?.email, undefined);

      await e2e.store.lists.create({
        id: 'list-1',
        tenantId: TENANT_ID,
        name: 'Admins',
        emails: [ADMIN_EMAIL],
        createdBy: `msteams:${ADA.id}`,
        createdAt: 0,
      });
      const recipients: Recipient[] = [];
      const campaign = aCampaign({ tenantId: TENANT_ID, channel: 'skype', listId: 'list-1' });
      for await (const page of resolveRecipients(e2e.store, campaign)) recipients.push(...page);
      assert.deepEqual(
        recipients.map((r) => [r.address, r.user?.id]),
        [[ADMIN_EMAIL, 'skype:live:ada']],
        'a mailing list reaches the linked Skype account by e-mail',
      );

      assert.equal(
        (await skype.say('unlink'))[0],
        'Unlinked: this Skype account is no longer ada@contoso.test.',
      );
      const unlinked = await e2e.store.users.get('skype:live:ada');
      assert.deepEqual([unlinked?.email, unlinked?.tenantId], [undefined, DEFAULT_TENANT_ID]);
      assert.match((await skype.say('campaigns'))[0]!, new RegExp(`^${NON_ADMIN_REPLY}`));
    });

    it('one Skype account may say four wrong codes, then waits 15 minutes without locking the admin’s code; a code locks after five wrong tries from any accounts, and expires after ten minutes', async function () {
      e2e = await E2eApp.start(kind, this);
      const teams = new TeamsUser(e2e, connector, ADA);
      const skype = new SkypeUser(e2e, connector, 'live:ada', 'Ada');
      const guesser = new SkypeUser(e2e, connector, 'live:guesser', 'Guesser');
      await teams.install();
      const newCode = async () => CODE.exec(textOf(await teams.say('link skype')))![1]!;

      const first = await newCode();
      const wrong = first === '000000' ? '111111' : '000000';
      for (const left of ['3 more wrong codes', '2 more wrong codes', 'one more wrong code']) {
        assert.match(
          (await guesser.say(`link ${wrong}`))[0]!,
          new RegExp(
            `^That code is wrong, used or expired\\. Check it, or ask for a new one with \`link skype\` in Teams\\. After ${left}, this Skype account must wait 15 minutes\\.$`,
          ),
        );
      }
      assert.match(
        (await guesser.say(`link ${wrong}`))[0]!,
        /^That code is wrong, used or expired\. This Skype account has now said 4 wrong codes: try again in 15 minutes/,
      );
      e2e.clock.advance({ minutes: 1 });
      assert.match(
        (await guesser.say(`link ${first}`))[0]!,
        /^Too many wrong codes from this Skype account: try again in 14 minutes/,
        'not even the right code',
      );
      assert.equal((await e2e.store.users.get('skype:live:guesser'))?.email, undefined);
      assert.match(
        (await skype.say(`link ${first}`))[0]!,
        /^Linked/,
        'one account’s wrong codes do not lock the code',
      );
      await skype.say('unlink');

      const second = await newCode();
      for (let i = 0; i < 5; i += 1) {
        const other = new SkypeUser(e2e, connector, `live:guesser-${i}`, 'Guesser');
        assert.match((await other.say(`link ${wrong}`))[0]!, /^That code is wrong/);
      }
      assert.equal(
        (await skype.say(`link ${second}`))[0]!,
        'That code is locked: it had too many wrong tries on Skype. Ask for a new one with `link skype` in Teams.',
      );

      const third = await newCode();
      e2e.clock.advance({ minutes: 10 });
      assert.match((await skype.say(`link ${third}`))[0]!, /^That code is wrong, used or expired/);
      assert.equal((await e2e.store.users.get('skype:live:ada'))?.email, undefined);

      e2e.clock.advance({ minutes: 5 });
      assert.match(
        (await guesser.say(`link ${wrong}`))[0]!,
        /After 3 more wrong codes/,
        'its count starts again 15 minutes after its last wrong code',
      );
      const fourth = await newCode();
      assert.match((await skype.say(`link ${fourth}`))[0]!, /^Linked/);
    });

    it('concurrent `link` messages: of two accounts saying the right code among the first five tries, exactly one is linked', async function () {
      e2e = await E2eApp.start(kind, this);
      const teams = new TeamsUser(e2e, connector, ADA);
      await teams.install();
      const code = CODE.exec(textOf(await teams.say('link skype')))![1]!;
      const wrong = code === '000000' ? '111111' : '000000';
      const skypeUsers = (prefix: string, count: number) =>
        Array.from(
          { length: count },
          (_, i) => new SkypeUser(e2e, connector, `live:${prefix}-${i}`, 'Someone'),
        );

      const [ada, eve] = skypeUsers('right', 2);
      const first = await Promise.all([
        ...skypeUsers('wrong', 3).map((u) => u.say(`link ${wrong}`)),
        ada!.say(`link ${code}`),
        eve!.say(`link ${code}`),
      ]);
      const later = await Promise.all(
        skypeUsers('later', 20).map((u, i) => u.say(`link ${i === 19 ? code : wrong}`)),
      );

      const replies = [...first, ...later].map((r) => r[0]!);
      assert.equal(replies.filter((r) => r.startsWith('Linked')).length, 1, replies.join('\n'));
      const linked = [
        (await e2e.store.users.get('skype:live:right-0'))?.email,
        (await e2e.store.users.get('skype:live:right-1'))?.email,
      ];
      assert.deepEqual(linked.filter(Boolean), [ADMIN_EMAIL]);
    });

    it('a Skype user’s first and last names come from their display name: the preview and `try` fill {{firstName}} {{lastName}}', async function () {
      e2e = await E2eApp.start(kind, this);
      const ada = new SkypeUser(e2e, connector, `sip:${ADMIN_EMAIL}`, 'Ada Lovelace');
      const grace = new SkypeUser(
        e2e,
        connector,
        'sip:grace@contoso.test',
        'Grace Brewster Hopper',
      );
      const alan = new SkypeUser(e2e, connector, 'live:alan', 'Alan');

      await grace.say('hi');
      await alan.say('hi');
      const names = async (id: string) => {
        const user = await e2e.store.users.get(id);
        return [user?.givenName, user?.surname];
      };
      assert.deepEqual(await names('skype:sip:grace@contoso.test'), ['Grace', 'Brewster Hopper']);
      assert.deepEqual(
        await names('skype:live:alan'),
        ['Alan', undefined],
        'one word: a first name',
      );

      const transcript: string[] = [];
      await createCampaignInText(ada, 'Hello {{firstName}} {{lastName}}!', transcript);
      assert.deepEqual(await names(`skype:sip:${ADMIN_EMAIL}`), ['Ada', 'Lovelace']);
      assert.match(transcript.at(-1)!, /Hello Ada Lovelace!/, 'the summary’s preview');

      await ada.say('try Skype news');
      const posted = await ada.send({ type: 'message', text: 'grace@contoso.test' });
      assert.equal(
        posted.find((p) => p.conversationId === grace.conversationId)?.activity.text,
        'Hello Grace Brewster Hopper!',
      );
    });

    it('ADMIN_IDS makes an operator account an admin whatever its e-mail', async function () {
      e2e = await E2eApp.start(kind, this, undefined, { ADMIN_IDS: 'skype:live:ops-desk' });
      const ops = new SkypeUser(e2e, connector, 'live:ops-desk', 'Ops desk');
      const other = new SkypeUser(e2e, connector, 'live:someone', 'Someone');

      assert.match((await ops.addBot())[0]!, /^Hi Ops! I run your push campaigns/);
      assert.match((await ops.say('campaigns'))[0]!, /^You have no campaigns yet/);
      assert.match((await ops.say('whoami'))[0]!, /id `skype:live:ops-desk`.*You are an admin/);
      assert.match((await other.say('campaigns'))[0]!, new RegExp(`^${NON_ADMIN_REPLY}`));
    });
  });
}
