import assert from 'node:assert/strict';
import type { PresencePolicy } from '../../src/domain/campaign.js';
import {
  allowsSend,
  classifyGraphAvailability,
  classifyGraphPresence,
  effectivePolicy,
  type GraphPresence,
} from '../../src/domain/presencePolicy.js';
import type { PresenceClass } from '../../src/domain/presencePolicy.js';

describe('allowsSend', () => {
  const presences: (PresenceClass | undefined)[] = [
    'available',
    'away',
    'busy',
    'absent',
    'out-of-office',
    undefined,
  ];
  const expectedByPolicy: Record<PresencePolicy, boolean[]> = {
    ignore: [true, true, true, true, true, true],
    available: [true, false, false, false, false, false],
    'available-away-busy': [true, true, true, false, false, false],
  };
  for (const [policy, expected] of Object.entries(expectedByPolicy)) {
    presences.forEach((presence, index) => {
      it(`${policy} with presence ${presence ?? 'unknown'} → ${String(expected[index])}`, () => {
        assert.equal(allowsSend(policy as PresencePolicy, presence), expected[index]);
      });
    });
  }
});

describe('classifyGraphAvailability', () => {
  const cases: [string, PresenceClass][] = [
    ['Available', 'available'],
    ['AvailableIdle', 'available'],
    ['Away', 'away'],
    ['BeRightBack', 'away'],
    ['Busy', 'busy'],
    ['BusyIdle', 'busy'],
    ['DoNotDisturb', 'absent'],
    ['Offline', 'absent'],
    ['PresenceUnknown', 'absent'],
    ['SomethingGraphAddsLater', 'absent'],
    ['', 'absent'],
    ['constructor', 'absent'],
  ];
  for (const [availability, expected] of cases) {
    it(`${availability || '(empty)'} → ${expected}`, () => {
      assert.equal(classifyGraphAvailability(availability), expected);
    });
  }
});

describe('classifyGraphPresence', () => {
  const cases: [string, GraphPresence, PresenceClass | null][] = [
    [
      'Teams shows "Out of office"',
      { availability: 'Offline', activity: 'OutOfOffice' },
      'out-of-office',
    ],
    [
      'automatic replies on, whatever the availability',
      {
        availability: 'Available',
        activity: 'Available',
        outOfOfficeSettings: { isOutOfOffice: true },
      },
      'out-of-office',
    ],
    [
      'automatic replies off',
      {
        availability: 'Busy',
        activity: 'InAMeeting',
        outOfOfficeSettings: { isOutOfOffice: false },
      },
      'busy',
    ],
    ['off work is not out of office', { availability: 'Offline', activity: 'OffWork' }, 'absent'],
    [
      'no settings (null)',
      { availability: 'Away', activity: 'Away', outOfOfficeSettings: null },
      'away',
    ],
    ['no availability: nothing usable', { activity: 'Available' }, null],
  ];
  for (const [title, presence, expected] of cases) {
    it(`${title} → ${expected ?? 'unread'}`, () => {
      assert.equal(classifyGraphPresence(presence), expected);
    });
  }
});

describe('effectivePolicy', () => {
  const cases: Array<[PresencePolicy, boolean, string | undefined, PresencePolicy]> = [
    ['available', true, 'aad-1', 'available'],
    ['available-away-busy', true, 'aad-1', 'available-away-busy'],
    ['available', false, 'aad-1', 'ignore'],
    ['available', true, undefined, 'ignore'],
    ['ignore', true, 'aad-1', 'ignore'],
  ];
  for (const [policy, configured, aadId, expected] of cases) {
    it(`${policy}, presence ${configured ? 'configured' : 'not configured'}, ${aadId ? 'with' : 'without'} AAD id → ${expected}`, () => {
      assert.equal(effectivePolicy(policy, configured, aadId), expected);
    });
  }
});
