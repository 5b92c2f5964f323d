/**
 * Rules every card input and action set follows, checked on every template in cards/ and on the
 * campaign form's cards as the field presentation table fills them:
 * - an input the client checks (min, max, isRequired, regex) says why it refuses a value —
 *   otherwise Teams blocks the submit and says nothing (a past start date did just that);
 * - an action set holds at most 5 actions, the renderer's default limit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fieldsCard } from '../../dialogs/campaignForm/formCards.js';
import { FIELD_PRESENTATION } from '../../dialogs/campaignForm/fieldPresentation.js';
import {
  CAMPAIGN_FIELDS,
  newFormValues,
  type CampaignField,
} from '../../src/domain/campaignFields.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';

const CARDS_DIR = new URL('../../cards/', import.meta.url);

const CLIENT_CHECKS = ['min', 'max', 'isRequired', 'regex'];

interface Found {
  inputs: Record<string, unknown>[];
  actionSets: unknown[][];
}

/** Every Input.* element and every list of actions (card, ActionSet, ShowCard) under `node`. */
function walk(node: unknown, found: Found = { inputs: [], actionSets: [] }): Found {
  if (Array.isArray(node)) {
    node.forEach((child) => walk(child, found));
  } else if (typeof node === 'object' && node !== null) {
    const element = node as Record<string, unknown>;
    if (typeof element['type'] === 'string' && element['type'].startsWith('Input.')) {
      found.inputs.push(element);
    }
    if (Array.isArray(element['actions'])) {
      found.actionSets.push(element['actions']);
    }
    Object.values(element).forEach((child) => walk(child, found));
  }
  return found;
}

function assertInputsExplainRefusals(card: unknown, what: string): void {
  for (const input of walk(card).inputs) {
    const checks = CLIENT_CHECKS.filter((check) => check in input && input[check] !== false);
    if (checks.length > 0) {
      assert.ok(
        typeof input['errorMessage'] === 'string' && input['errorMessage'] !== '',
        `${what}: input "${String(input['id'])}" has ${checks.join(', ')} but no errorMessage`,
      );
    }
  }
}

/** The form's cards with every field of each, filled as a new form. */
function formCards(): { card: string; content: unknown }[] {
  const values = newFormValues({
    channel: 'teams',
    timeZone: 'Europe/Paris',
    presenceConfigured: true,
  });
  const cards = ['campaignBasics', 'campaignSchedule'] as const;
  return cards.map((card) => {
    const fields = CAMPAIGN_FIELDS.filter(
      (field: CampaignField) => FIELD_PRESENTATION[field].card === card,
    );
    const attachment = fieldsCard(card, fields, values, {
      title: 'New campaign',
      submitTitle: 'Next',
      presenceConfigured: true,
      today: '2026-12-01',
    });
    return { card, content: attachment.content as unknown };
  });
}

describe('card inputs say why they refuse a value; action sets stay within 5', () => {
  const templates = readdirSync(CARDS_DIR).filter((file) => file.endsWith('.json'));

  it('finds the templates and the inputs it checks', () => {
    assert.ok(templates.length >= 8, templates.join(', '));
    const checked = formCards().flatMap(({ content }) => walk(content).inputs);
    assert.ok(
      checked.some((input) => input['id'] === 'startDate' && input['min'] === '2026-12-01'),
    );
  });

  for (const file of templates) {
    it(`cards/${file}`, () => {
      const template: unknown = JSON.parse(readFileSync(new URL(file, CARDS_DIR), 'utf8'));
      assertInputsExplainRefusals(template, file);
    });
  }

  for (const { card, content } of formCards()) {
    it(`the form's ${card} card, every field shown`, () => {
      assertValidAdaptiveCard(content, card);
      assertInputsExplainRefusals(content, card);
      for (const actions of walk(content).actionSets) {
        assert.ok(actions.length <= 5, `${card}: ${actions.length} actions`);
      }
    });
  }

  it('the start date picker names the first day it accepts', () => {
    const [, schedule] = formCards();
    const date = walk(schedule?.content).inputs.find((input) => input['id'] === 'startDate');
    assert.match(String(date?.['errorMessage']), /2026-12-01 or a later day/);
  });

  for (const file of ['campaignAudience.json', 'campaignSummary.json', 'choiceQuestion.json']) {
    it(`cards/${file}: at most 5 actions in each set`, () => {
      const template: unknown = JSON.parse(readFileSync(new URL(file, CARDS_DIR), 'utf8'));
      for (const actions of walk(template).actionSets) {
        assert.ok(actions.length <= 5, `${file}: ${actions.length} actions`);
      }
    });
  }
});
