/** Personal identifiers that must never appear in any output. */
export interface PersonalData {
  crns: string[];
  names: string[];
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word match, so that a name such as "Person A" is not found inside "the person and". */
function contains(text: string, needle: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(normalise(needle))}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * The last check before a file is written: every CRN and name in the inspection is searched for in
 * the output's text. Short names (under three characters) are skipped: they would match ordinary words.
 */
export function findPersonalData(outputText: string, personal: PersonalData): string[] {
  const text = normalise(outputText);
  const found: string[] = [];
  for (const crn of personal.crns) if (crn.trim().length >= 3 && contains(text, crn.trim())) found.push(`CRN ${crn}`);
  for (const name of personal.names) if (name.trim().length >= 3 && contains(text, name.trim())) found.push(`name ${name}`);
  return found;
}

export class PersonalDataError extends Error {
  constructor(readonly found: string[]) {
    super(`The report was not written: it would contain personal data (${found.length} ${found.length === 1 ? 'identifier' : 'identifiers'}, e.g. in the strengths or recommendations text). Remove CRNs and names from the report text and try again.`);
  }
}
