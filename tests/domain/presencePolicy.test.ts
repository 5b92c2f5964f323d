import assert from 'node:assert/strict';
import type { PresencePolicy } from '../../src/domain/campaign.js';
import {
  allowsSend,
  classifyGraphAvailability,
  effectivePolicy,
} from '../../src/domain/presencePolicy.js';
import type { PresenceClass } from '../../src/domain/presencePolicy.js';

describe('allowsSend', () => {
  const presences: (PresenceClass | undefined)[] = [
    'available',
    'away',
    'busy',
    'absent',
    undefined,
  ];
  const expectedByPolicy: Record<PresencePolicy, boolean[]> = {
    ignore: [true, true, true, true, true],
    available: [true, false, false, false, false],
    'available-away-busy': [true, true, true, false, false],
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
