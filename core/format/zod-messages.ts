import { z } from 'zod';

/**
 * Zod's own wording ("Invalid input: expected number, received NaN") must never reach an
 * inspector. Every schema message we wrote ourselves still wins (zod prefers a schema's own
 * message to this global one); this only words the checks that have none, in plain British
 * English, for the message after a field's name or file path ("cases[3].ref: is missing").
 */
const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'yes or no (true or false)',
  array: 'a list',
  object: 'a set of fields',
  date: 'a date',
  bigint: 'a whole number',
  null: 'empty (null)',
};

const list = (xs: readonly unknown[]) => xs.map((x) => (typeof x === 'string' ? `"${x}"` : String(x))).join(', ');

export function plainZodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `should be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? 'should not be empty' : `should be at least ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `should have at least ${n} ${n === 1 ? 'item' : 'items'}`;
      return issue.inclusive ? `should be ${n} or more` : `should be more than ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `should be at most ${n.toLocaleString('en-GB')} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `should have at most ${n.toLocaleString('en-GB')} items`;
      return issue.inclusive ? `should be ${n.toLocaleString('en-GB')} or less` : `should be less than ${n.toLocaleString('en-GB')}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `should be ${list(issue.values)}` : `should be one of ${list(issue.values)}`;
    case 'invalid_format':
      return issue.format === 'uuid' || issue.format === 'guid' ? 'should be an id such as 0b7d8e0c-1111-4a2b-9c3d-000000000003' : 'is not in the expected form';
    case 'not_multiple_of':
      return Number(issue.divisor) === 1 ? 'should be a whole number' : `should be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} Fieldwork does not know: ${list(issue.keys)}`;
    case 'invalid_union':
      return 'is not in a form Fieldwork recognises';
    case 'invalid_key':
      return 'has a name Fieldwork does not recognise';
    case 'invalid_element':
      return 'holds a value Fieldwork does not recognise';
    default:
      return undefined;
  }
}

z.config({ customError: plainZodMessage });
