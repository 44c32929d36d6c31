import { describe, expect, it } from 'vitest';
import crc from './data/crc-2018.json';
import { FrameworkRegistry, allStandards, atRevision, caseStandards, parseFramework, questionIndex, shippedFrameworks } from './load';

const METHOD_TABLE: Record<string, { standards: string[]; max: number; samples: Record<string, string> }> = {
  'crc-2018': { standards: ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '4.1', '4.2'], max: 30, samples: { '2.1': 'case-supervision', '4.1': 'unpaid-work', '4.2': 'through-the-gate' } },
  'nps-2018': { standards: ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2'], max: 30, samples: { '2.4': 'case-supervision', '3.1': 'court-reports', '3.2': 'victim-work' } },
  'pdu-2021': { standards: ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5'], max: 27, samples: { '2.1': 'court-work', '2.2': 'case-supervision', '2.5': 'case-supervision' } },
  'pdu-2023': { standards: ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4'], max: 21, samples: { '2.1': 'case-supervision' } },
};

describe('shipped frameworks', () => {
  it.each(Object.entries(METHOD_TABLE))('%s has the standards, samples and maximum METHOD.md sets out', (id, want) => {
    const f = shippedFrameworks().get(id)!;
    expect(allStandards(f).map((s) => s.id)).toEqual(want.standards);
    expect(allStandards(f).length * Math.max(...Object.values(f.rules.points))).toBe(want.max);
    for (const [std, sample] of Object.entries(want.samples)) expect(allStandards(f).find((s) => s.id === std)?.sample).toBe(sample);
    // Every case-supervision key question carries a shared theme, in the published order.
    for (const s of caseStandards(f, 'case-supervision')) expect(s.keyQuestions.map((k) => k.theme)).toEqual(['engagement', 'desistance', 'keeping-others-safe']);
  });

  it('the July 2019 revision added prompts; the 2018 revision leaves them out', () => {
    const f = shippedFrameworks().get('crc-2018')!;
    const now = questionIndex(f);
    const then = questionIndex(atRevision(f, '2018-04'));
    const added = [...now.keys()].filter((k) => !then.has(k));
    expect(added.length).toBeGreaterThan(0);
    for (const id of added) expect(now.get(id)?.prompt?.since).toBe('2019-07');
    expect(new FrameworkRegistry().get('crc-2018', '2018-04')?.revision).toBe('2018-04');
    expect(new FrameworkRegistry().get('crc-2018', '1999-01')).toBeUndefined();
  });

  it('rejects framework data that breaks its own rules, naming the path', () => {
    const broken = structuredClone(crc) as typeof crc;
    broken.domains[1]!.standards[0]!.keyQuestions[0]!.id = '3.1.1';
    (broken.domains[1]!.standards[1] as { sample?: string }).sample = 'nowhere';
    broken.rules.overallBands[3]!.minScore = 2;
    const r = parseFramework(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: 'domains[1].standards[0].keyQuestions[0].id', message: 'key question 3.1.1 is not in standard 2.1' },
        { path: 'domains[1].standards[1].sample', message: expect.stringContaining('must name one of the samples') },
        { path: 'rules.overallBands', message: 'the lowest score band must start at 0' },
      ]),
    );
  });
});
