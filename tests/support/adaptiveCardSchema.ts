/**
 * Validates a rendered card against the official Adaptive Cards 1.5 JSON schema
 * (/work/shared/schemas/adaptive-cards, draft-06), so a card Teams would refuse fails a test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const SCHEMA_PATH = '/work/shared/schemas/adaptive-cards/adaptive-card-1.5.0.schema.json';

const require = createRequire(import.meta.url);
const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json') as object);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

/**
 * `msteams` (e.g. `{ "width": "Full" }`) is Teams' documented host extension of the card
 * (learn.microsoft.com: "Cards reference — Full width Adaptive Card"); the generic schema does not
 * list it, so it is set aside before validating the rest.
 */
export function assertValidAdaptiveCard(card: unknown, what = 'card'): void {
  const generic = { ...(card as Record<string, unknown>) };
  delete generic.msteams;
  const valid = validate(generic);
  assert.ok(valid, `${what} is not a valid Adaptive Card 1.5: ${ajv.errorsText(validate.errors)}`);
}
