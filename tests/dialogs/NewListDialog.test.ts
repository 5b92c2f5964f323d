import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationState, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { NEW_LIST_DIALOG, NewListDialog, type NewListResult } from '../../dialogs/NewListDialog.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { aCampaign, aList, aUser } from '../store/fixtures.js';
import { Chat, TENANT, textOf } from './harness.js';

describe('new list', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  async function savedLists(): Promise<{ name: string; emails: string[]; createdBy: string }[]> {
    return (await store.lists.list(TENANT)).map(({ name, emails, createdBy }) => ({
      name,
      emails,
      createdBy,
    }));
  }

  it('saves a clean list and reports valid count, duplicates and unreachable addresses', async () => {
    await store.users.upsert(aUser());
    const chat = new Chat(store);
    assert.equal(
      await chat.sayText('new list'),
      'What should the new list be called? (1–80 characters)',
    );
    assert.match(await chat.sayText('  Sales team '), /^Which addresses are on “Sales team”\?/);
    const replies = await chat.say(
      'ann@example.com; Bob@Example.com\nbob@example.com, ANN@example.com carl@example.com',
    );
    assert.equal(
      textOf(replies),
      [
        '3 valid addresses understood (2 duplicates removed).',
        '',
        '2 of them are not reachable yet (nobody with that address has installed or talked to the bot). They stay on the list and are reported as unreachable when a campaign runs.',
        'Saved the list “Sales team” with 3 valid addresses.',
      ].join('\n'),
    );
    assert.deepEqual(await savedLists(), [
      {
        name: 'Sales team',
        emails: ['ann@example.com', 'bob@example.com', 'carl@example.com'],
        createdBy: 'msteams:29:admin',
      },
    ]);
  });

  it('lists invalid addresses explicitly and saves without them when asked to continue', async () => {
    const chat = new Chat(store, { botChannelId: 'skype' });
    await chat.say('new list');
    await chat.say('Partners');
    const replies = await chat.say('ann@example.com, bob@, ann@example.com, "carl" dina@example');
    const text = textOf(replies);
    assert.match(text, /^1 valid address understood \(1 duplicate removed\)\./);
    assert.match(
      text,
      /These 3 entries are not valid e-mail addresses:\n- bob@\n- carl\n- dina@example\n\nFix the list, or continue without them\?/,
    );
    assert.deepEqual(await savedLists(), []);
    assert.equal(
      await chat.sayText('Continue without them'),
      'Saved the list “Partners” with 1 valid address.',
    );
    assert.deepEqual(
      (await savedLists()).map((l) => l.emails),
      [['ann@example.com']],
    );
  });

  it('lets the admin paste a fixed list instead', async () => {
    const chat = new Chat(store, { botChannelId: 'skype' });
    await chat.say('new list');
    await chat.say('Partners');
    await chat.say('ann@example.com, bob@');
    assert.match(await chat.sayText('Fix the list'), /^Which addresses are on “Partners”\?/);
    assert.match(
      await chat.sayText('ann@example.com, bob@example.com'),
      /Saved the list “Partners” with 2 valid addresses\.$/,
    );
    assert.deepEqual(
      (await savedLists()).map((l) => l.emails),
      [['ann@example.com', 'bob@example.com']],
    );
  });

  it('re-asks the addresses when none is valid', async () => {
    const chat = new Chat(store);
    await chat.say('new list');
    await chat.say('Partners');
    assert.equal(
      await chat.sayText('bob, carl@'),
      'These 2 entries are not valid e-mail addresses:\n- bob\n- carl@\n\nThere is no valid address left. Paste the e-mail addresses, separated by commas, semicolons, spaces or new lines.',
    );
    assert.match(await chat.sayText(' ; , '), /^I found no addresses in that\./);
    assert.match(await chat.sayText('bob@example.com'), /Saved the list “Partners”/);
  });

  const badNames: [string, string, string][] = [
    [
      'a name already used (any case)',
      'SALES TEAM',
      'There is already a list named “SALES TEAM”. Please choose another name.',
    ],
    [
      'the built-in list’s name',
      'all reachable users',
      'There is already a list named “all reachable users”. Please choose another name.',
    ],
    [
      'a name over 80 characters',
      'x'.repeat(81),
      'That name is not usable: it is 81 characters long. Accepted: 1 to 80 characters, at least one of them visible. Please type another one.',
    ],
    [
      '80 emoji and one more (counted as a person sees them, not in UTF-16 units)',
      '🎉'.repeat(81),
      'That name is not usable: it is 81 characters long. Accepted: 1 to 80 characters, at least one of them visible. Please type another one.',
    ],
    [
      'a blank name',
      '   ',
      'That name is not usable: it is empty. Accepted: 1 to 80 characters, at least one of them visible. Please type another one.',
    ],
    [
      'a name of invisible characters only',
      '\u200b\u2800\u200b',
      'That name is not usable: it has no visible character. Accepted: 1 to 80 characters, at least one of them visible. Please type another one.',
    ],
  ];
  for (const [what, name, expected] of badNames) {
    it(`re-asks the name on ${what}`, async () => {
      await store.lists.create(aList());
      const chat = new Chat(store);
      await chat.say('new list');
      assert.equal(await chat.sayText(name), expected);
      assert.match(await chat.sayText('Sales team 2'), /^Which addresses are on “Sales team 2”\?/);
    });
  }

  it('a command typed at a question is recognised, not taken for the answer', async () => {
    const chat = new Chat(store);
    await chat.say('new list');
    assert.equal(
      await chat.sayText('campaigns'),
      'You are in the middle of creating a mailing list: type cancel to stop it first, or go on with the question above.',
    );
    assert.match(
      await chat.sayText('help'),
      /You are in the middle of creating a mailing list: answer the question above/,
    );
    assert.match(await chat.sayText('Partners'), /^Which addresses are on “Partners”\?/);
    assert.equal(await chat.sayText('quit'), 'Cancelled — nothing was saved.');
    assert.deepEqual(await store.lists.list(TENANT), []);
    assert.equal(await chat.sayText('stop'), "There's nothing to cancel.");
  });

  it('a button of another card clicked meanwhile does not interrupt silently', async () => {
    await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale' }));
    const chat = new Chat(store);
    await chat.say('new list');
    assert.match(
      await chat.sayText({ value: { command: 'info', campaignId: 'c-1' } }),
      /^You are in the middle of creating a mailing list: type cancel to stop it first/,
    );
  });

  it('inside a campaign form, the list is saved only when the campaign is confirmed', async () => {
    const chat = new Chat(store);
    await chat.say('new campaign');
    await chat.say({
      value: { card: 'campaignBasics', name: 'Autumn', message: 'Hello', channel: 'teams' },
    });
    await chat.say({ value: { card: 'campaignAudience', choice: 'newList' } });
    await chat.say('Partners');
    assert.match(
      await chat.sayText('ann@example.com'),
      /The list “Partners” \(1 valid address\) will be saved when you confirm the campaign\./,
    );
    assert.equal(await chat.sayText('cancel'), 'Cancelled — nothing was saved.');
    assert.deepEqual(await store.lists.list(TENANT), [], 'a cancelled form leaves no list');
  });

  it('the same name in another tenant is fine', async () => {
    await store.lists.create(aList({ tenantId: 'tenant-b' }));
    const chat = new Chat(store);
    await chat.say('new list');
    assert.match(await chat.sayText('Sales team'), /^Which addresses are on “Sales team”\?/);
  });

  it('asks for another name when the name was taken while the admin was pasting', async () => {
    const chat = new Chat(store);
    await chat.say('new list');
    await chat.say('Partners');
    await store.lists.create(aList({ id: 'other', name: 'partners', emails: ['zed@example.com'] }));
    const reply = await chat.sayText('ann@example.com');
    assert.match(
      reply,
      /A list named “Partners” was created meanwhile\.\nWhat should the new list be called\?/,
    );
    assert.match(await chat.sayText('Partners 2'), /^Which addresses are on “Partners 2”\?/);
    assert.match(await chat.sayText('ann@example.com'), /Saved the list “Partners 2”/);
    assert.deepEqual((await savedLists()).map((l) => l.name).sort(), ['Partners 2', 'partners']);
  });

  it('cancel in the middle saves nothing', async () => {
    const chat = new Chat(store);
    await chat.say('new list');
    await chat.say('Partners');
    await chat.say('ann@example.com, bob@');
    assert.equal(await chat.sayText('cancel'), 'Cancelled — nothing was saved.');
    assert.deepEqual(await savedLists(), []);
    assert.match(await chat.sayText('campaigns'), /no campaigns yet/);
  });

  it('ends with { listId } when started by another dialog', async () => {
    const deps = new Chat(store).deps;
    const results: unknown[] = [];
    const parent = new WaterfallDialog('parent', [
      (step) => step.beginDialog(NEW_LIST_DIALOG),
      async (step) => {
        results.push(step.result);
        await step.context.sendActivity('back in the parent');
        return step.endDialog();
      },
    ]);
    const state = new ConversationState(store.botStorage);
    const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'))
      .add(parent)
      .add(new NewListDialog(deps));
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      if ((await dc.continueDialog()).status === DialogTurnStatus.empty) {
        await dc.beginDialog('parent');
      }
      await state.saveChanges(context);
    });
    const say = async (text: string): Promise<Partial<Activity>[]> => {
      adapter.activityBuffer.splice(0);
      await adapter.receiveActivity({ type: 'message', text });
      return adapter.activityBuffer.splice(0);
    };
    await say('start');
    await say('Partners');
    const replies = await say('ann@example.com');
    assert.equal(replies.at(-1)!.text, 'back in the parent');
    const [saved] = await store.lists.list('default');
    assert.deepEqual(
      results.map((result) => (result as NewListResult).list.id),
      [saved!.id],
    );
  });

  describe('across a restart', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'new-list-restart-'));
    });

    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes at the addresses step with a new process on the same SQLite file', async () => {
      const file = join(dir, 'bot.sqlite');
      const before = openSqliteStore(file);
      const first = new Chat(before);
      await first.say('new list');
      assert.match(await first.sayText('Partners'), /^Which addresses are on “Partners”\?/);
      await before.close();

      const after = openSqliteStore(file);
      try {
        const second = new Chat(after);
        assert.match(
          await second.sayText('ann@example.com'),
          /Saved the list “Partners” with 1 valid address\.$/,
        );
        assert.deepEqual(
          (await after.lists.list(TENANT)).map((l) => [l.name, l.emails]),
          [['Partners', ['ann@example.com']]],
        );
      } finally {
        await after.close();
      }
    });
  });
});
