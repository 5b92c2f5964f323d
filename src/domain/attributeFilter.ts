/**
 * The Microsoft Graph `$filter` (OData) that finds the people of an attribute rule among the
 * enabled accounts of the directory. What the admin typed only ever becomes the inside of an
 * OData string literal, its quotes doubled: it cannot change the filter around it.
 * Graph compares these properties with `eq` without regard to case.
 */
import type { AttributeCondition, AttributeRule, AttributeValue } from './directoryAttributes.js';

/** Disabled accounts cannot sign in to read a message; guests are kept, as in a group. */
export const ENABLED_ACCOUNTS = 'accountEnabled eq true';

/** OData string literal: a quote is doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Enabled accounts matching every condition of the rule (any value of each). */
export function ruleFilter(rule: AttributeRule): string {
  return [ENABLED_ACCOUNTS, ...rule.map(conditionFilter)].join(' and ');
}

/** Enabled accounts with this one value: to tell a value that matches nobody. */
export function valueFilter({ attribute, value }: AttributeValue): string {
  return `${ENABLED_ACCOUNTS} and ${attribute} eq ${odataString(value)}`;
}

function conditionFilter({ attribute, values }: AttributeCondition): string {
  const terms = values.map((value) => `${attribute} eq ${odataString(value)}`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' or ')})`;
}
