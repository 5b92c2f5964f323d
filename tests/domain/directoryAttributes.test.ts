import { strict as assert } from 'node:assert';
import { ruleFilter, valueFilter } from '../../src/domain/attributeFilter.js';
import { directoryAudienceId, directoryAudienceOf } from '../../src/domain/directory.js';
import {
  parseAttributeRule,
  ruleFromInputs,
  ruleInputs,
  ruleSentence,
  ruleText,
  type AttributeRule,
} from '../../src/domain/directoryAttributes.js';

const SALES_IN_GERMANY: AttributeRule = [
  { attribute: 'department', values: ['Sales', 'Marketing'] },
  { attribute: 'country', values: ['Germany'] },
];

function parsed(text: string): AttributeRule {
  const result = parseAttributeRule(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

function refusal(result: ReturnType<typeof parseAttributeRule>): string {
  assert.ok(!result.ok, 'refused');
  return result.error;
}

describe('attribute rules typed in text', () => {
  it('reads attributes with comma-separated values, separated by semicolons', () => {
    assert.deepEqual(parsed('department: Sales, Marketing; country: Germany'), SALES_IN_GERMANY);
  });

  it('accepts other spellings of the attributes, `=` and new lines, in any order', () => {
    assert.deepEqual(parsed('Country = Germany\nDept: Sales,Marketing'), SALES_IN_GERMANY);
    assert.deepEqual(
      parsed('office: Berlin; Job Title: Engineer; company_name: Contoso; officeLocation: Bonn'),
      [
        { attribute: 'officeLocation', values: ['Berlin', 'Bonn'] },
        { attribute: 'jobTitle', values: ['Engineer'] },
        { attribute: 'companyName', values: ['Contoso'] },
      ],
    );
    assert.deepEqual(parsed('jobTitle: CEO; company: Contoso GmbH'), [
      { attribute: 'jobTitle', values: ['CEO'] },
      { attribute: 'companyName', values: ['Contoso GmbH'] },
    ]);
  });

  it('keeps each value once whatever its case, and skips empty values', () => {
    assert.deepEqual(parsed('department: Sales, sales, , SALES, Marketing;'), [
      { attribute: 'department', values: ['Sales', 'Marketing'] },
    ]);
  });

  it('says what was wrong and lists the accepted attributes', () => {
    const unknown = refusal(parseAttributeRule('departmnt: Sales'));
    assert.match(unknown, /^“departmnt” is not an attribute I know\. Accepted: /);
    assert.match(
      unknown,
      /Attributes: department, country, office \(officeLocation\), job title \(jobTitle\), company \(companyName\)\./,
    );
    assert.match(refusal(parseAttributeRule('Sales')), /^“Sales” has no “:” between/);
    assert.match(refusal(parseAttributeRule('  ')), /^no attribute was given/);
    assert.match(refusal(parseAttributeRule('country: ,')), /^country has no value/);
    assert.match(
      refusal(parseAttributeRule(`department: ${'x'.repeat(129)}`)),
      /is not a value: at most 128 characters/,
    );
    const many = Array.from({ length: 16 }, (_, i) => `Team ${i}`).join(', ');
    assert.match(
      refusal(parseAttributeRule(`department: ${many}`)),
      /it has 16 values; at most 15/,
    );
  });
});

describe('attribute rules from the card', () => {
  it('takes the filled inputs only, and gives them back as inputs', () => {
    const result = ruleFromInputs({
      department: 'Sales, Marketing',
      country: ' Germany ',
      officeLocation: '',
    });
    assert.deepEqual(result, { ok: true, value: SALES_IN_GERMANY });
    assert.deepEqual(ruleInputs(SALES_IN_GERMANY), {
      department: 'Sales, Marketing',
      country: 'Germany',
      officeLocation: '',
      jobTitle: '',
      companyName: '',
    });
    assert.deepEqual(ruleFromInputs({ department: ' ' }).ok, false);
  });
});

describe('attribute rules said back', () => {
  it('as typed, and in a sentence', () => {
    assert.equal(ruleText(SALES_IN_GERMANY), 'department: Sales, Marketing; country: Germany');
    assert.equal(
      ruleSentence(SALES_IN_GERMANY),
      'department Sales or Marketing, and country Germany',
    );
    assert.equal(
      ruleSentence([{ attribute: 'officeLocation', values: ['Paris', 'Lyon', 'Nice'] }]),
      'office Paris, Lyon or Nice',
    );
  });
});

describe('attribute rules as an OData filter', () => {
  it('enabled accounts, values of one attribute with or, attributes with and', () => {
    assert.equal(
      ruleFilter(SALES_IN_GERMANY),
      "accountEnabled eq true and (department eq 'Sales' or department eq 'Marketing') and country eq 'Germany'",
    );
    assert.equal(
      valueFilter({ attribute: 'jobTitle', value: 'CEO' }),
      "accountEnabled eq true and jobTitle eq 'CEO'",
    );
  });

  it('doubles quotes: typed text stays inside its literal', () => {
    const injection = "x' or accountEnabled eq false or department eq 'y";
    const rule = parsed(`department: O'Brien Consulting; company: ${injection}`);
    assert.equal(
      ruleFilter(rule),
      "accountEnabled eq true and department eq 'O''Brien Consulting' and companyName eq 'x'' or accountEnabled eq false or department eq ''y'",
    );
  });
});

describe('attribute rules as a list id', () => {
  it('hold the whole rule, per tenant, values with separators in them included', () => {
    const rule: AttributeRule = [
      { attribute: 'department', values: ['R&D; Labs', 'a=b, c'] },
      { attribute: 'companyName', values: ["O'Neil: 100%"] },
    ];
    const id = directoryAudienceId({ kind: 'attributes', rule }, 'tenant-a');
    assert.match(id, /^directory-attributes:tenant-a:/);
    assert.deepEqual(directoryAudienceOf(id), { kind: 'attributes', rule });
    assert.notEqual(id, directoryAudienceId({ kind: 'attributes', rule }, 'tenant-b'));
    assert.equal(directoryAudienceOf('directory-attributes:tenant-a:shoeSize=42'), undefined);
  });
});
