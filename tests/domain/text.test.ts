import assert from 'node:assert/strict';
import { excerpt, hasVisibleCharacter, visibleLength } from '../../src/domain/text.js';
import { validateName, validateTimeZone } from '../../src/domain/campaignValidation.js';

describe('text as a person sees it', () => {
  it('counts graphemes: 41 emoji are 41 characters, not 82', () => {
    assert.equal(visibleLength('🎉'.repeat(41)), 41);
    assert.equal(visibleLength('👩‍👩‍👧🇫🇷é'), 3);
    assert.match(
      (validateName('🎉'.repeat(81)) as { error: string }).error,
      /^it is 81 characters/,
    );
    assert.equal(validateName('🎉'.repeat(80)).ok, true);
  });

  for (const [what, text] of [
    ['zero-width spaces', '\u200b\u200b'],
    ['Braille blanks', '\u2800\u2800'],
    ['a Hangul filler and a word joiner', '\u3164\u2060'],
  ] as const) {
    it(`refuses a name made of ${what}`, () => {
      assert.equal(hasVisibleCharacter(text), false);
      assert.deepEqual(validateName(text), {
        ok: false,
        error:
          'it has no visible character. Accepted: 1 to 80 characters, at least one of them visible.',
      });
    });
  }

  it('counts long pasted text exactly, in chunks (Intl.Segmenter is quadratic on one long string)', () => {
    const unit = 'ab 👩‍👩‍👧🇫🇷e\u0301\r\n';
    assert.equal(visibleLength(unit), 7);
    assert.equal(visibleLength(unit.repeat(3000)), 7 * 3000);
    assert.equal(visibleLength('🎉'.repeat(20000)), 20000);
    assert.equal(excerpt('🎉'.repeat(20000)), `${'🎉'.repeat(59)}…`);
  });

  it('quotes at most a short excerpt of an answer', () => {
    const pasted = 'Europe/'.repeat(5000);
    const result = validateTimeZone(pasted);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.length < 300, 'a 35 kB answer is not echoed back');
    assert.equal(excerpt('a'.repeat(100)).length, 60);
    assert.ok(excerpt('a'.repeat(100)).endsWith('…'));
    assert.equal(excerpt('short'), 'short');
  });
});

describe('validateTimeZone refuses abbreviations and offsets', () => {
  for (const [input, hint] of [
    ['EST', /Did you mean America\/New_York/],
    ['CET', /Did you mean Europe\/Paris/],
    ['PST', /America\/Los_Angeles/],
    ['GMT', /Europe\/London/],
  ] as const) {
    it(`${input}: refused, with IANA names suggested`, () => {
      const result = validateTimeZone(input);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.error : '', hint);
    });
  }

  it('accepts IANA region names and UTC', () => {
    assert.deepEqual(validateTimeZone('europe/paris'), { ok: true, value: 'Europe/Paris' });
    assert.deepEqual(validateTimeZone('UTC'), { ok: true, value: 'UTC' });
    assert.deepEqual(validateTimeZone('America/Panama'), { ok: true, value: 'America/Panama' });
    // An explicit fixed offset is an IANA name too: no daylight saving, as asked.
    assert.deepEqual(validateTimeZone('Etc/GMT-2'), { ok: true, value: 'Etc/GMT-2' });
  });
});
