import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENDERS, ROSH_LEVELS, SENTENCE_TYPES, type CaseAttributes } from '../domain/case-attributes';
import { shippedFrameworks } from '../frameworks/load';
import { readSampleCsv } from '../format/sample-csv';
import { caseloadCsv } from '../testing/caseload';
import { allocate } from './allocate';
import { monthsBefore, parseDay, readCaseloadCsv, type CaseloadRow } from './caseload';
import { attributeValue, drawSample, refPrefix, type SampleSettings } from './draw';
import { fnv1a, shuffled } from './random';
import { defaultSettings, defaultWindow, sampleCsvText } from './output';
import { sampleSize } from './size';

const fw = shippedFrameworks().get('crc-2018')!;
const { confidence, marginOfError } = fw.rules.sampling;

describe('sample size', () => {
  it('uses the framework: 80% confidence, ±5%', () => {
    expect([confidence, marginOfError]).toEqual([0.8, 0.05]);
  });

  it.each([
    // Hand-worked: z = 1.28155, n0 = 1.28155² × 0.25 / 0.0025 = 164.24;
    // N = 100: 164.24 / (1 + 163.24/100) = 62.39 → 63; N = 4,171: 164.24 / 1.03914 = 158.05 → 159.
    [100, 63],
    [4171, 159],
    // N = 1,000: 164.24 / 1.16324 = 141.2 → 142; N = 65: 164.24 / 3.5114 = 46.8 → 47.
    [1000, 142],
    [65, 47],
    [1, 1],
    [0, 0],
  ])('N = %i gives n = %i', (N, n) => {
    const s = sampleSize(N, confidence, marginOfError);
    expect(s.n).toBe(n);
    expect(s.z).toBeCloseTo(1.2816, 4);
    expect(s.n0).toBeCloseTo(164.24, 2);
  });

  it('shows the formula with its numbers', () => {
    const s = sampleSize(4171, 0.8, 0.05);
    expect(s.working[0]).toBe('n₀ = z² × p(1 − p) ÷ e² = 1.2816² × 0.5 × 0.5 ÷ 0.05² = 164.24');
    expect(s.working[2]).toBe('n = ⌈n₀ ÷ (1 + (n₀ − 1) ÷ N)⌉ = ⌈164.24 ÷ (1 + 163.24 ÷ 4,171)⌉ = ⌈158.05⌉ = 159');
  });

  it('never exceeds N, and grows with confidence and with a narrower margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (N) => {
        const base = sampleSize(N, 0.8, 0.05).n;
        expect(base).toBeLessThanOrEqual(N);
        expect(sampleSize(N, 0.95, 0.05).n).toBeGreaterThanOrEqual(base);
        expect(sampleSize(N, 0.8, 0.03).n).toBeGreaterThanOrEqual(base);
      }),
    );
  });
});

describe('largest-remainder allocation', () => {
  it('allocates a worked example exactly', () => {
    // n = 10 over 7, 2, 1 (N = 10... scaled): shares 10·[45,35,20]/100 = 4.5, 3.5, 2 → remainders tie at .5: the larger stratum wins.
    expect(allocate([45, 35, 20], 10)).toEqual([5, 3, 2]);
    expect(allocate([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(allocate([0, 5], 3)).toEqual([0, 3]);
  });

  it('sums to n and puts no stratum 1 or more off its exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (pops, f) => {
        const total = pops.reduce((a, b) => a + b, 0);
        const n = Math.floor(total * f);
        const a = allocate(pops, n);
        expect(a.reduce((x, y) => x + y, 0)).toBe(n);
        a.forEach((k, i) => {
          const exact = total === 0 ? 0 : (n * pops[i]!) / total;
          expect(Math.abs(k - exact)).toBeLessThan(1);
          expect(k).toBeLessThanOrEqual(pops[i]!);
        });
      }),
    );
  });

  it('refuses more cases than there are', () => {
    expect(() => allocate([2, 3], 6)).toThrow('cannot draw 6 cases from 5');
  });
});

describe('caseload import', () => {
  it('reads every row of a realistic extract, both date styles, quoted names', () => {
    const r = readCaseloadCsv(caseloadCsv(500));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(500);
    expect(r.rows[1]!.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/); // written dd/mm/yyyy in the file
    expect(r.rows[0]!.name).toBe('Surname0, First');
  });

  it('names each bad row and column, and keeps nothing from a bad row', () => {
    const csv = [
      'CRN,Name,Gender,Sentence type,Start date,RoSH,Office,Ethnicity,Domestic abuse',
      'X1,A,m,co,2019-01-01,low,North,White British,yes',
      'X2,B,robot,licence,31/02/2019,medium,North,,maybe',
      ',C,f,sso,01/02/2019,vh,South,,',
      'X1,D,f,licence,2019-01-02,high,South,,no',
      'X5,E,f,prison,2019-13-01,extreme,South,,no',
    ].join('\n');
    const r = readCaseloadCsv(csv);
    expect(r.rows.map((x) => x.crn)).toEqual(['X1']);
    expect(r.rows[0]!.attributes).toEqual({ gender: 'male', sentenceType: 'community order', roshLevel: 'low', office: 'North', ethnicity: 'White British', domesticAbuse: true });
    expect(r.errors).toEqual([
      { line: 3, column: 'start date', message: '"31/02/2019" is not a date: write 2019-06-03 or 03/06/2019' },
      { line: 3, column: 'gender', message: `"robot" should be one of: ${GENDERS.join(', ')}` },
      { line: 3, column: 'domestic abuse concern', message: '"maybe" should be yes or no' },
      { line: 4, column: 'CRN', message: 'missing' },
      { line: 5, column: 'CRN', message: '"X1" is also on line 2' },
      { line: 6, column: 'start date', message: '"2019-13-01" is not a date: write 2019-06-03 or 03/06/2019' },
      { line: 6, column: 'sentence type', message: `"prison" should be one of: ${SENTENCE_TYPES.join(', ')}` },
      { line: 6, column: 'risk of serious harm level', message: `"extreme" should be one of: ${ROSH_LEVELS.join(', ')}` },
    ]);
  });

  it('names missing and unknown columns', () => {
    const r = readCaseloadCsv('CRN,name,gender,colour\nX1,A,male,red\n');
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]!.message).toContain('missing columns: sentence type, start date, risk of serious harm level, office or cluster');
    expect(r.errors[1]!.message).toContain('unrecognised column: colour');
    expect(readCaseloadCsv('').errors[0]!.message).toBe('the file is empty');
    expect(readCaseloadCsv('CRN,"unclosed\n').errors[0]!.message).toContain('never closed');
  });

  it('reads sentence types as extracts write them (Suspended Sentence Order, SSO, License)', () => {
    const head = 'CRN,name,gender,sentence type,start date,risk of serious harm level,office or cluster';
    const r = readCaseloadCsv(`${head}\nD1,A,male,Suspended Sentence Order,01/11/2018,low,North\nD2,B,female,SSO,2018-11-02,medium,North\nD3,C,male,License,2018-11-03,high,South\nD4,D,male,Post Sentence Supervision,2018-11-04,low,South\n`);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.attributes.sentenceType)).toEqual(['suspended sentence', 'suspended sentence', 'licence', 'post-sentence supervision']);
  });

  it('refuses a caseload read in the wrong encoding (as the sample CSV does), rather than importing names as mojibake', () => {
    const lines = caseloadCsv(5).split('\n');
    lines[3] = lines[3]!.replace('Person', 'Zo\uFFFD');
    const r = readCaseloadCsv(lines.join('\n'));
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([{ line: 4, message: expect.stringContaining('the file was read in the wrong encoding') }]);
  });

  it('reads dates as ISO or British and counts months back', () => {
    expect(parseDay('03/06/2019')).toBe('2019-06-03');
    expect(parseDay('3/6/2019')).toBe('2019-06-03');
    expect(parseDay('2020-02-29')).toBe('2020-02-29');
    expect(parseDay('2019-02-29')).toBeNull();
    expect(parseDay('06/03/19')).toBeNull();
    expect(monthsBefore('2019-06-03', 7)).toBe('2018-11-03');
    expect(monthsBefore('2019-05-31', 3)).toBe('2019-02-28');
    expect(defaultWindow(fw, '2019-06-03')).toEqual({ start: '2018-11-03', end: '2018-12-03' });
  });
});

function row(i: number, a: CaseAttributes, startDate = '2019-01-01'): CaseloadRow {
  return { line: i + 2, crn: `X${String(i).padStart(5, '0')}`, name: `P${i}`, startDate, attributes: a };
}

const rowArb = fc.record({
  gender: fc.constantFrom('male', 'female'),
  sentenceType: fc.constantFrom('community order', 'licence'),
  roshLevel: fc.constantFrom(...ROSH_LEVELS),
  office: fc.constantFrom('North', 'South', 'East'),
}) as fc.Arbitrary<CaseAttributes>;
const caseloadArb = fc.array(rowArb, { minLength: 0, maxLength: 600 }).map((as) => as.map((a, i) => row(i, a)));

const settings = (over: Partial<SampleSettings> = {}): SampleSettings => ({ ...defaultSettings(fw, null, 1), ...over });
const crns = (d: ReturnType<typeof drawSample>) => d.cases.filter((c) => c.status === 'sampled').map((c) => c.crn);

describe('the draw', () => {
  const rows = readCaseloadCsv(caseloadCsv(4000, 7)).rows;

  it('is stratified in proportion and reproducible from its seed, in any row order', () => {
    const a = drawSample(rows, settings({ seed: 42 }), { refPrefix: 'CS' });
    const again = drawSample([...rows].reverse(), settings({ seed: 42 }), { refPrefix: 'CS' });
    const other = drawSample(rows, settings({ seed: 43 }), { refPrefix: 'CS' });
    expect(a.n).toBe(sampleSize(4000, 0.8, 0.05).n);
    expect(crns(a)).toHaveLength(a.n);
    expect(crns(again)).toEqual(crns(a));
    expect(crns(other)).not.toEqual(crns(a));
    expect(new Set(crns(other))).not.toEqual(new Set(crns(a)));
    expect(a.strata.reduce((s, x) => s + x.sample, 0)).toBe(a.n);
    expect(a.cases[0]!.ref).toBe('CS-001');
  });

  it('applies the window and each exclusion rule, counting each', () => {
    const window = { start: '2018-01-01', end: '2018-06-30' };
    const d = drawSample(rows, settings({ window, exclusions: [{ attribute: 'sentenceType', value: 'post-sentence supervision' }] }), { refPrefix: 'CS' });
    const inWindow = rows.filter((r) => r.startDate >= window.start && r.startDate <= window.end);
    const pss = inWindow.filter((r) => r.attributes.sentenceType === 'post-sentence supervision');
    expect(d.eligible).toBe(inWindow.length - pss.length);
    expect(d.exclusionCounts).toEqual([
      { reason: 'started before 01/01/2018', count: rows.filter((r) => r.startDate < window.start).length },
      { reason: 'started after 30/06/2018', count: rows.filter((r) => r.startDate > window.end).length },
      { reason: 'sentence type is post-sentence supervision', count: pss.length },
    ]);
    expect(d.excluded).toHaveLength(rows.length - d.eligible);
    expect(d.cases.every((c) => c.startDate >= window.start && c.startDate <= window.end && c.attributes.sentenceType !== 'post-sentence supervision')).toBe(true);
  });

  it('replaces an eliminated case from its own stratum, next in the same seeded sequence', () => {
    const s = settings({ seed: 5 });
    const first = drawSample(rows, s, { refPrefix: 'CS' });
    const victim = first.cases[10]!;
    const d = drawSample(rows, s, { refPrefix: 'CS', eliminations: [{ crn: victim.crn, reason: 'transferred out' }] });
    const rep = d.cases.find((c) => c.replaces === victim.ref)!;
    expect(d.eliminations).toEqual([{ ref: victim.ref, crn: victim.crn, reason: 'transferred out', replacementRef: rep.ref, replacementCrn: rep.crn }]);
    expect(rep.ref).toBe(`CS-${String(first.n + 1).padStart(3, '0')}`);
    expect(rep.stratum).toBe(victim.stratum);
    const key = first.strata[victim.stratum]!.key;
    for (const [k, v] of Object.entries(key)) expect(String(rep.attributes[k as keyof CaseAttributes] ?? 'not recorded')).toBe(v);
    // Same seed sequence: a bigger sample from the same seed would have taken exactly this case next.
    const values = s.strata.map((k) => key[k]!);
    const group = rows.filter((r) => s.strata.every((k, i) => attributeValue(r.attributes, k) === values[i])).sort((a, b) => (a.crn < b.crn ? -1 : 1));
    const sequence = shuffled(group, fnv1a(`${s.seed}|${JSON.stringify(values)}`)).map((r) => r.crn);
    const stratumSample = first.cases.filter((c) => c.stratum === victim.stratum).map((c) => c.crn);
    expect(sequence.slice(0, stratumSample.length)).toEqual(stratumSample);
    expect(rep.crn).toBe(sequence[stratumSample.length]);
    expect(crns(d)).toHaveLength(first.n);
    expect(() => drawSample(rows, s, { refPrefix: 'CS', eliminations: [{ crn: 'NOPE', reason: 'x' }] })).toThrow('NOPE is not in the sample');
    expect(() => drawSample(rows, s, { refPrefix: 'CS', eliminations: [{ crn: victim.crn, reason: ' ' }] })).toThrow('give a reason');
  });

  it('spreads assignments evenly and hands a replacement its predecessor\'s inspector', () => {
    const d = drawSample(rows, settings(), { refPrefix: 'CS', inspectors: ['Ann', 'Bea', 'Cal'], eliminations: [{ crn: drawSample(rows, settings(), { refPrefix: 'CS' }).cases[0]!.crn, reason: 'deceased' }] });
    const active = d.cases.filter((c) => c.status === 'sampled');
    const per = ['Ann', 'Bea', 'Cal'].map((n) => active.filter((c) => c.assignedInspector === n).length);
    expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    expect(d.cases.find((c) => c.replaces)!.assignedInspector).toBe('Ann');
  });

  it('writes a sample CSV the app imports, with the refs, sample and assignments', () => {
    const d = drawSample(rows, settings(), { refPrefix: refPrefix('Case supervision'), inspectors: ['Ann', 'Bea'] });
    const back = readSampleCsv(sampleCsvText(d, 'Case supervision'), fw);
    expect(back.errors).toEqual([]);
    expect(back.rows.map((r) => [r.ref, r.crn, r.sample, r.assignedInspector])).toEqual(
      d.cases.map((c) => [c.ref, c.crn, 'case-supervision', c.assignedInspector]),
    );
    expect(back.rows[0]!.attributes).toMatchObject(d.cases[0]!.attributes);
  });

  it('shows the balance with the largest gap marked', () => {
    const d = drawSample(rows, settings({ strata: ['gender', 'office'] }), { refPrefix: 'CS' });
    const marked = d.balance.filter((b) => b.largest);
    expect(marked).toHaveLength(1);
    expect(Math.abs(marked[0]!.gap)).toBe(Math.max(...d.balance.map((b) => Math.abs(b.gap))));
    const male = d.balance.find((b) => b.attribute === 'gender' && b.value === 'male')!;
    expect(male.population).toBe(rows.filter((r) => r.attributes.gender === 'male').length);
    expect(male.sample).toBe(d.cases.filter((c) => c.attributes.gender === 'male').length);
  });
});

describe('draw properties over random caseloads', () => {
  it('sample size, allocation, strata membership and reproducibility hold', () => {
    fc.assert(
      fc.property(caseloadArb, fc.nat(1_000_000), (rows, seed) => {
        const s = settings({ seed });
        const d = drawSample(rows, s, { refPrefix: 'CS' });
        expect(d.n).toBe(sampleSize(rows.length, 0.8, 0.05).n);
        expect(d.cases).toHaveLength(d.n);
        expect(new Set(d.cases.map((c) => c.crn)).size).toBe(d.n);
        expect(d.strata.reduce((a, x) => a + x.sample, 0)).toBe(d.n);
        for (const st of d.strata) {
          expect(Math.abs(st.sample - st.exact)).toBeLessThan(1);
          expect(d.cases.filter((c) => c.stratum === d.strata.indexOf(st))).toHaveLength(st.sample);
        }
        expect(crns(drawSample(rows, s, { refPrefix: 'CS' }))).toEqual(crns(d));
      }),
      { numRuns: 60 },
    );
  });

  it('every elimination is replaced from the same stratum until the stratum runs out', () => {
    fc.assert(
      fc.property(caseloadArb, fc.nat(1_000_000), fc.array(fc.nat(), { maxLength: 8 }), (rows, seed, picks) => {
        const s = settings({ seed });
        const eliminations: { crn: string; reason: string }[] = [];
        let d = drawSample(rows, s, { refPrefix: 'CS' });
        for (const p of picks) {
          const active = d.cases.filter((c) => c.status === 'sampled');
          if (active.length === 0) break;
          eliminations.push({ crn: active[p % active.length]!.crn, reason: 'already inspected' });
          d = drawSample(rows, s, { refPrefix: 'CS', eliminations });
        }
        expect(d.eliminations).toHaveLength(eliminations.length);
        for (const e of d.eliminations) {
          const gone = d.cases.find((c) => c.ref === e.ref)!;
          expect(gone.status).toBe('eliminated');
          if (e.replacementRef) expect(d.cases.find((c) => c.ref === e.replacementRef)!.stratum).toBe(gone.stratum);
          else expect(d.strata[gone.stratum]!.population).toBe(d.cases.filter((c) => c.stratum === gone.stratum).length);
        }
        const active = d.cases.filter((c) => c.status === 'sampled');
        expect(new Set(d.cases.map((c) => c.crn)).size).toBe(d.cases.length);
        d.strata.forEach((st, i) => expect(active.filter((c) => c.stratum === i)).toHaveLength(st.sample));
      }),
      { numRuns: 60 },
    );
  });
});
