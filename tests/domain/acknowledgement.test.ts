import assert from 'node:assert/strict';
import {
  ACKNOWLEDGE_REPLY_REQUEST,
  acknowledgedDeliveryIdOf,
  describeAcknowledgedAt,
  isAcknowledgeReply,
  isRecipientOf,
  withAcknowledgeRequest,
} from '../../src/domain/acknowledgement.js';
import {
  CAMPAIGN_OPTIONS,
  campaignOptionsFrom,
  defaultCampaignOptions,
} from '../../src/domain/campaignOptions.js';
import { installedUserId } from '../../src/domain/directory.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { aDelivery } from '../store/fixtures.js';

const ANN: ReachableUser = {
  id: 'msteams:29:ann',
  tenantId: 't-1',
  channel: 'teams',
  botChannelId: 'msteams',
  aadObjectId: 'AAD-Ann',
  conversationReference: {},
  firstSeenAt: 0,
  lastSeenAt: 0,
};

describe('acknowledgement', () => {
  it('the option is off by default, also for a campaign saved before it existed', () => {
    assert.equal(CAMPAIGN_OPTIONS.acknowledgement.default, false);
    assert.equal(campaignOptionsFrom({}).acknowledgement, false);
    assert.equal(campaignOptionsFrom({ acknowledgement: true }).acknowledgement, true);
  });

  it('the option reads on/off as the card toggle submits it and yes/no as typed, refusing the rest', () => {
    const parse = CAMPAIGN_OPTIONS.acknowledgement.parse;
    for (const [text, value] of [
      ['on', true],
      [' Yes ', true],
      ['OFF', false],
      ['no', false],
    ] as const) {
      assert.deepEqual(parse(text), { ok: true, value }, text);
    }
    const refused = parse('maybe');
    assert.equal(refused.ok, false);
    assert.match(
      !refused.ok ? refused.error : '',
      /"maybe" is not on or off\. Accepted: on or off/,
    );
  });

  for (const reply of [
    'acknowledge',
    'Acknowledged!',
    'ACK',
    'got it',
    'OK, got it.',
    ' ok got   it ',
  ]) {
    it(`“${reply}” acknowledges`, () => assert.equal(isAcknowledgeReply(reply), true));
  }
  for (const reply of ['ok', 'help', 'acknowledge this please', 'I got it wrong', '']) {
    it(`“${reply}” does not acknowledge`, () => assert.equal(isAcknowledgeReply(reply), false));
  }

  it('reads the delivery id of an Acknowledge button’s submit only', () => {
    assert.equal(acknowledgedDeliveryIdOf({ acknowledge: 'd-1' }), 'd-1');
    for (const other of [undefined, null, 'd-1', { card: 'campaignBasics' }, { acknowledge: '' }]) {
      assert.equal(acknowledgedDeliveryIdOf(other), undefined, JSON.stringify(other));
    }
  });

  it('the recipient is the delivery’s user, by Teams id or by the directory id it was installed under', () => {
    assert.equal(isRecipientOf(aDelivery({ userId: ANN.id }), ANN), true);
    assert.equal(isRecipientOf(aDelivery({ userId: installedUserId('aad-ann') }), ANN), true);
    assert.equal(isRecipientOf(aDelivery({ userId: 'msteams:29:bob' }), ANN), false);
    assert.equal(isRecipientOf(aDelivery({ userId: undefined }), ANN), false);
  });

  it('a Skype message asking for it ends with the reply to give; a Teams one is unchanged (the card asks)', () => {
    const asks = { options: { ...defaultCampaignOptions(), acknowledgement: true } };
    assert.equal(
      withAcknowledgeRequest('Hi', { ...asks, channel: 'skype' }),
      `Hi\n\n${ACKNOWLEDGE_REPLY_REQUEST}`,
    );
    assert.match(ACKNOWLEDGE_REPLY_REQUEST, /reply \*\*acknowledge\*\*/);
    assert.equal(withAcknowledgeRequest('Hi', { ...asks, channel: 'teams' }), 'Hi');
    assert.equal(
      withAcknowledgeRequest('Hi', {
        options: { ...defaultCampaignOptions(), acknowledgement: false },
        channel: 'skype',
      }),
      'Hi',
    );
  });

  it('says when in words, in the reader’s zone', () => {
    const at = Date.UTC(2036, 11, 9, 9, 15);
    assert.equal(
      describeAcknowledgedAt(at, 'Europe/Paris'),
      'Tuesday 9 December 2036 at 10:15 (Europe/Paris)',
    );
    assert.equal(
      describeAcknowledgedAt(at, 'America/New_York'),
      'Tuesday 9 December 2036 at 04:15 (America/New_York)',
    );
  });
});
