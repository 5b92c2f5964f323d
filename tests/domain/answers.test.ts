import assert from 'node:assert/strict';
import { recognizeChoice, yesNoOptions, type ChoiceOption } from '../../src/domain/answers.js';

const CHANNELS: ChoiceOption[] = [
  { value: 'teams', title: 'Teams' },
  { value: 'skype', title: 'Skype' },
];
const SUMMARY: ChoiceOption[] = [
  { value: 'confirm', title: 'Confirm', synonyms: ['yes', 'ok', 'save'] },
  { value: 'change', title: 'Change a field', synonyms: ['change'] },
  { value: 'cancel', title: 'Cancel' },
];
const YES_NO = yesNoOptions('Yes, delete it', 'No, keep it');
const WITH_SHORTCUT: ChoiceOption[] = [
  ...CHANNELS,
  {
    value: 'change:hours',
    title: 'Working hours',
    synonyms: ['change working hours'],
    hidden: true,
  },
];

describe('recognizeChoice: an answer is taken only when it names exactly one choice', () => {
  const cases: [string, ChoiceOption[], string, string][] = [
    // [answer, choices, expected value or ✗reason, why]
    ['Teams', CHANNELS, 'teams', 'its title'],
    ['  « skype » ', CHANNELS, 'skype', 'case, quotes and spaces do not matter'],
    ['2', CHANNELS, 'skype', 'its number'],
    ['teams.', CHANNELS, 'teams', 'a final full stop'],
    ['not Teams', CHANNELS, '✗negation', 'a negation names no choice'],
    ["' OR 1=1 --", CHANNELS, '✗unknown', 'not a choice'],
    ['Teams or Skype', CHANNELS, '✗unknown', 'a sentence is not a choice'],
    ['Teams, Skype', CHANNELS, '✗several', 'two choices'],
    ['3', CHANNELS, '✗unknown', 'no third choice'],
    ['', CHANNELS, '✗empty', 'nothing'],
    ['no', CHANNELS, '✗negation', 'no is not a channel'],
    ['yes, confirm', SUMMARY, 'confirm', 'every part names the same choice'],
    ["no, don't confirm", SUMMARY, '✗negation', 'a refusal is not a confirmation'],
    ['confirm and cancel', SUMMARY, '✗several', 'two different choices'],
    ['confirm it please', SUMMARY, '✗unknown', 'never a word picked out of a sentence'],
    ['not sure', YES_NO, '✗negation', 'doubt deletes nothing'],
    ['maybe', YES_NO, '✗negation', 'doubt deletes nothing'],
    ["don't delete", YES_NO, '✗negation', 'said what not to do'],
    ['never', YES_NO, '✗negation', 'said what not to do'],
    ['no', YES_NO, 'no', 'an explicit no'],
    ['No, keep it', YES_NO, 'no', 'the button title typed'],
    ['y', YES_NO, 'yes', 'a listed synonym'],
    ['YES', YES_NO, 'yes', 'an explicit yes'],
    ['yes no', YES_NO, '✗negation', 'contradictory'],
    ['working hours', WITH_SHORTCUT, 'change:hours', 'a shortcut, typed'],
    ['Change working hours', WITH_SHORTCUT, 'change:hours', 'a shortcut synonym'],
    ['3', WITH_SHORTCUT, '✗unknown', 'a shortcut has no number'],
  ];
  for (const [answer, choices, expected, why] of cases) {
    it(`“${answer}” → ${expected} (${why})`, () => {
      const recognized = recognizeChoice(answer, choices);
      assert.deepEqual(
        recognized,
        expected.startsWith('✗')
          ? { ok: false, reason: expected.slice(1) }
          : { ok: true, value: expected },
      );
    });
  }
});
