import { describe, expect, it } from 'vitest';
import crc from '../frameworks/data/crc-2018.json';
import { parseFramework } from '../frameworks/load';

describe('QA section of the framework data', () => {
  it('is required and checked, naming the path', () => {
    const broken = structuredClone(crc) as typeof crc;
    broken.qa.agreement.bands[2]!.minKappa = 0.9;
    broken.qa.agreement.bands.pop();
    broken.qa.consistencyRules[1]!.id = broken.qa.consistencyRules[0]!.id;
    const r = parseFramework(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: 'qa.agreement.bands[2].minKappa', message: 'agreement bands must fall band by band' },
        { path: 'qa.agreement.bands', message: 'the lowest agreement band must start at -1' },
        { path: 'qa.consistencyRules[1].id', message: 'duplicate rule id yes-but-every-prompt-no' },
      ]),
    );
    const { qa: _qa, ...withoutQa } = structuredClone(crc);
    const missing = parseFramework(withoutQa);
    expect(missing.ok ? [] : missing.issues.map((i) => i.path)).toContain('qa');
  });

  it('refuses an unknown kind of check', () => {
    const broken = structuredClone(crc) as unknown as { qa: { consistencyRules: unknown[] } };
    broken.qa.consistencyRules.push({ id: 'guess', check: 'vibes', message: 'x' });
    const r = parseFramework(broken);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toContain('qa.consistencyRules[4].check');
  });
});
