import { mulberry32 } from '../sampling/random';

export const CASELOAD_HEAD = 'CRN,name,gender,ethnicity,age band,sentence type,start date,risk of serious harm level,office or cluster,domestic abuse concern,child safeguarding concern,released from custody';

const OFFICES = ['Northgate', 'Southbank', 'Eastfield', 'Westmoor', 'Central'];
const ETHNICITIES = ['White British', 'Black British', 'Asian British', 'Mixed', 'White other'];
const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'];

/**
 * A realistic caseload extract: skewed like a real one (mostly male, few very high risk, uneven
 * offices), start dates spread over two years, both date styles, and quoted names with commas.
 */
export function caseloadCsv(count: number, seed = 1, firstStart = '2017-06-01'): string {
  const next = mulberry32(seed);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let x = next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) if ((x -= weights[i]!) < 0) return items[i]!;
    return items.at(-1)!;
  };
  const base = Date.parse(`${firstStart}T00:00:00Z`);
  const lines = [CASELOAD_HEAD];
  for (let i = 0; i < count; i++) {
    const start = new Date(base + Math.floor(next() * 730) * 86_400_000).toISOString().slice(0, 10);
    const [y, m, d] = start.split('-');
    lines.push(
      [
        `X${String(100000 + i)}`,
        i % 7 === 0 ? `"Surname${i}, First"` : `Person ${i}`,
        pick(['male', 'female'], [85, 15]),
        pick(ETHNICITIES, [70, 10, 10, 5, 5]),
        pick(AGE_BANDS, [20, 35, 25, 15, 5]),
        pick(['community order', 'suspended sentence', 'licence', 'post-sentence supervision'], [40, 20, 30, 10]),
        i % 2 === 0 ? start : `${d}/${m}/${y}`,
        pick(['low', 'medium', 'high', 'very high'], [30, 45, 22, 3]),
        pick(OFFICES, [30, 25, 20, 15, 10]),
        next() < 0.35 ? 'yes' : 'no',
        next() < 0.25 ? 'yes' : 'no',
        next() < 0.3 ? 'yes' : 'no',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
