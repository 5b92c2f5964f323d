import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import {
  parseInterruption,
  parseCardSubmit,
  parseCommand,
  parseCommandText,
  type Command,
} from '../../dialogs/commands.js';

describe('parseCommandText', () => {
  const cases: [string, Command][] = [
    ['help', { kind: 'help' }],
    ['  HELP ', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['new campaign', { kind: 'newCampaign' }],
    ['New   Campaign', { kind: 'newCampaign' }],
    ['campaigns', { kind: 'campaigns' }],
    ['/campaigns', { kind: 'campaigns' }],
    ['lists', { kind: 'lists' }],
    ['new list', { kind: 'newList' }],
    ['new\tlist', { kind: 'newList' }],
    ['Cancel', { kind: 'cancel' }],
    [
      'info Spring Sale',
      { kind: 'campaign', verb: 'info', ref: { by: 'name', name: 'Spring Sale' } },
    ],
    [
      'INFO   spring sale  ',
      { kind: 'campaign', verb: 'info', ref: { by: 'name', name: 'spring sale' } },
    ],
    [
      'edit "Spring Sale"',
      { kind: 'campaign', verb: 'edit', ref: { by: 'name', name: 'Spring Sale' } },
    ],
    [
      'delete “Spring Sale”',
      { kind: 'campaign', verb: 'delete', ref: { by: 'name', name: 'Spring Sale' } },
    ],
    ["try 'Q1 push'", { kind: 'campaign', verb: 'try', ref: { by: 'name', name: 'Q1 push' } }],
    ['report « Q1 »', { kind: 'campaign', verb: 'report', ref: { by: 'name', name: 'Q1' } }],
    ['export Q1', { kind: 'campaign', verb: 'export', ref: { by: 'name', name: 'Q1' } }],
    ['info', { kind: 'campaign', verb: 'info', ref: null }],
    ['delete ""', { kind: 'campaign', verb: 'delete', ref: null }],
    ['hello there', { kind: 'unknown', text: 'hello there' }],
    ['information Q1', { kind: 'unknown', text: 'information Q1' }],
    ['', { kind: 'unknown', text: '' }],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected.kind}`, () => {
      assert.deepEqual(parseCommandText(text), expected);
    });
  }
});

describe('parseCardSubmit', () => {
  const cases: [unknown, Command | null][] = [
    [
      { command: 'info', campaignId: 'c-1' },
      { kind: 'campaign', verb: 'info', ref: { by: 'id', id: 'c-1' } },
    ],
    [
      { command: 'delete', campaignId: 'c-2' },
      { kind: 'campaign', verb: 'delete', ref: { by: 'id', id: 'c-2' } },
    ],
    [{ command: 'new list' }, { kind: 'newList' }],
    [{ command: 'cancel' }, { kind: 'cancel' }],
    [{ command: 'try' }, { kind: 'campaign', verb: 'try', ref: null }],
    [{ command: 'frobnicate' }, { kind: 'unknown', text: 'frobnicate' }],
    [{ somethingElse: true }, null],
    ['info', null],
    [undefined, null],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${expected?.kind ?? 'not a command submit'}`, () => {
      assert.deepEqual(parseCardSubmit(value), expected);
    });
  }
});

describe('parseCommand', () => {
  it('removes the @mention of the bot that Teams puts in the text', () => {
    const activity: Partial<Activity> = {
      type: 'message',
      text: '<at>Campaign Bot</at> info Spring Sale',
      recipient: { id: '28:bot', name: 'Campaign Bot' },
      entities: [
        {
          type: 'mention',
          mentioned: { id: '28:bot', name: 'Campaign Bot' },
          text: '<at>Campaign Bot</at>',
        },
      ],
    };
    assert.deepEqual(parseCommand(activity), {
      kind: 'campaign',
      verb: 'info',
      ref: { by: 'name', name: 'Spring Sale' },
    });
  });

  it('prefers a card submit over the text that comes with it', () => {
    const activity: Partial<Activity> = {
      type: 'message',
      text: 'whatever',
      value: { command: 'report', campaignId: 'c-9' },
    };
    assert.deepEqual(parseCommand(activity), {
      kind: 'campaign',
      verb: 'report',
      ref: { by: 'id', id: 'c-9' },
    });
  });

  it('recognises what interrupts a dialog: cancel, stop, quit, help and bare commands', () => {
    const kindOf = (activity: Partial<Activity>) => parseInterruption(activity)?.kind ?? null;
    assert.equal(kindOf({ type: 'message', text: ' CANCEL ' }), 'cancel');
    assert.equal(kindOf({ type: 'message', text: 'stop' }), 'cancel');
    assert.equal(kindOf({ type: 'message', text: 'Quit' }), 'cancel');
    assert.equal(kindOf({ type: 'message', value: { command: 'cancel' } }), 'cancel');
    assert.equal(kindOf({ type: 'message', text: 'help' }), 'help');
    assert.equal(kindOf({ type: 'message', text: 'campaigns' }), 'campaigns');
    assert.equal(kindOf({ type: 'message', text: 'New  Campaign' }), 'newCampaign');
    // Answers, not interruptions.
    assert.equal(kindOf({ type: 'message', text: 'cancel my campaign' }), null);
    assert.equal(kindOf({ type: 'message', text: 'Try our new menu!' }), null);
    assert.equal(kindOf({ type: 'message', text: 'Spring sale' }), null);
    assert.equal(
      kindOf({ type: 'message', value: { card: 'campaignSummary', choice: 'confirm' } }),
      null,
    );
  });
});
