/**
 * The working-time rules against an independent model (tests/support/independentTimingModel.ts)
 * on a seeded sample of random campaigns in 28 zones, half of them at offset changes. `npm run
 * bench` runs the same check on 50,000 campaigns.
 */
import assert from 'node:assert/strict';
import { checkTimingAgainstModel } from '../support/timingModelCheck.js';

const SAMPLE = 800;

describe('working time agrees with an independent model of RFC 5545 wall-clock times', () => {
  it(`${SAMPLE} seeded random campaigns in 28 zones: periods, daily, first-attempt and next-working-day windows`, () => {
    const result = checkTimingAgainstModel(SAMPLE, 'unit-timing-model');
    assert.equal(result.campaigns, SAMPLE);
    assert.ok(result.comparisons > 4 * SAMPLE);
    assert.deepEqual(result.disagreements, []);
  });
});
