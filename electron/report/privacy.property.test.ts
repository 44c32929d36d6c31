import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalData } from './privacy';

// The check on a whole report runs a person's name patterns only where their surname stands beside a
// possible part of the name (compiling every person's patterns cost more than the report itself). It
// must find exactly what running every pattern on the whole text finds: here, on long texts full of
// names written every way the patterns know, and of near misses.

const PARTS = ['John', 'Mary-Jane', 'Brennan', "O'Neil", 'McDonald', 'Smith', 'de', 'Van', 'Li', 'X', 'Jo', 'Ødegård', 'Σοφία', 'Σοφίας', 'ΣΟΦΙΑΣ', 'Straße', 'Strauẞ', 'STRASSE', '12', '7', 'Person', 'Good', 'Ann', 'Anne', 'A.', 'J'];
const FILLER = ['the', 'case', 'of', 'and', 'Mr', 'Mrs', 'Dr.', 'Ms', 'sir', 'J.', 'R.', 'JR', 'j', 'percent', 'people', 'person', '42%', '12', '7', '0', ',', '.', ';', '—', '-', "'", '’', '\n', 'smith', 'SMITH', 'brennan', 'oneil', 'van', 'DE', 'li', 'x', 'Jo.', 'ann', 'ÖDEGÅRD', 'σοφια', 'σοφιας', 'ΣΟΦΙΑΣ\'S', 'strasse', 'STRAUSS', 'Good', 'good', 'In', 'Mary', 'Jane', 'O', 'Neil', 'Mc', 'Donald'];

const name = fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 4 }).map((p) => p.join(' '));

/** The ways a report could carry a name: whole, first and last, reversed, with a title, with initials, cased otherwise. */
function writings(n: string): string[] {
  const p = n.split(' ');
  const first = p[0]!;
  const last = p.at(-1)!;
  const inits = p.slice(0, -1).map((w) => w[0]!);
  return [n, `${first} ${last}`, `${last}, ${first}`, `Mr ${last}`, `mrs. ${last}`, `${inits.join('. ')}. ${last}`, `${inits.join('')} ${last}`, `${first[0]} ${last}`, n.toUpperCase(), n.toLowerCase(), `${first}\n${last}`];
}

/** Near misses: the surname without a space after the comma, or run into another word. */
const nearMisses = (n: string) => [`${n.split(' ').at(-1)},${n.split(' ')[0]}`, `${n.replace(/ /g, '')}s`];

/** Random words (with parts of names and near misses among them) and one or two of the names written some way, somewhere. */
const text = (names: string[]) =>
  fc
    .tuple(
      fc.array(fc.oneof({ weight: 150, arbitrary: fc.constantFrom(...FILLER) }, { weight: 1, arbitrary: fc.constantFrom(...PARTS, ...names.flatMap(nearMisses)) }), { minLength: 600, maxLength: 1200 }),
      fc.array(fc.tuple(fc.constantFrom(...names.flatMap(writings)), fc.nat()), { maxLength: 2 }),
    )
    .map(([words, inserted]) => {
      for (const [w, at] of inserted) words.splice(at % words.length, 0, w);
      const half = Math.floor(words.length / 2);
      // Long enough to be a report (a short text is searched with every pattern anyway).
      return `${words.slice(0, half).join(' ')} ${'In most cases the work was good. '.repeat(130)}${words.slice(half).join(' ')}`;
    });

describe('personal-data check on a long text', () => {
  it('finds exactly what running every pattern on the whole text finds', () => {
    let withFindings = 0;
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(fc.constant(names), text(names))),
        ([names, t]) => {
          expect(t.length).toBeGreaterThan(4096);
          const personal = { crns: [], names };
          const quick = findPersonalData(t, personal);
          const exhaustive = findPersonalData(t, { crns: [], names: [...names] }, { exhaustive: true });
          expect(quick.sort()).toEqual(exhaustive.sort());
          if (quick.length > 0) withFindings++;
        },
      ),
      { numRuns: 300, endOnFailure: true },
    );
    // Not a vacuous comparison: most texts hold one of their names.
    expect(withFindings).toBeGreaterThan(100);
  });

  it('finds a name written any way in a whole report, and not its surname alone', () => {
    const filler = 'In 42% of cases, assessment focused sufficiently on keeping other people safe. '.repeat(80);
    for (const n of ['Person 12', 'John Smith', "Mary-Jane O'Neil", 'Anne Marie Brennan', 'Σοφία Ødegård']) {
      for (const writing of writings(n)) {
        const t = `${filler}${writing} was seen. ${filler}`;
        expect(findPersonalData(t, { crns: [], names: [n] }), writing).toEqual(['name ' + n]);
        expect(findPersonalData(t, { crns: [], names: [n] }, { exhaustive: true }), writing).toEqual(['name ' + n]);
      }
      for (const miss of nearMisses(n)) expect(findPersonalData(`${filler}${miss} was seen. ${filler}`, { crns: [], names: [n] }), miss).toEqual([]);
    }
    expect(findPersonalData(`${filler}12 cases, 12 people. ${filler}`, { crns: [], names: ['Person 12'] })).toEqual([]);
  });
});
