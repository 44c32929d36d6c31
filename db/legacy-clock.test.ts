import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HLC_PATTERN, MAX_COUNTER, type InspectionFile, parseHlc, shippedFrameworks } from '../core';
import { openDatabase } from './connection';
import { importInspection } from './exchange';
import { Store } from './store';

const f = shippedFrameworks().get('crc-2018')!;

describe("a version 1 file's audit trail with more entries in one millisecond than the clock's counter holds", () => {
  it('imports, each entry logged with a valid clock, in the order of the file', () => {
    const store = new Store(openDatabase(join(mkdtempSync(join(tmpdir(), 'fieldwork-legacy-clock-')), 'f.sqlite')));
    store.setUserName('Test Inspector');
    const at = '2019-06-05T10:00:00.000Z';
    // A bulk edit recorded at one instant: 70,000 answer changes, more than the 65,536 the counter counts.
    const entries = MAX_COUNTER + 1 + 4463;
    const values = ['yes', 'no', 'na'] as const;
    const file: InspectionFile = {
      formatVersion: 1,
      framework: f.id,
      provider: { name: 'Bulk CRC', type: 'CRC' },
      inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' },
      cases: [{ ref: 'CS-01', sample: 'case-supervision', attributes: {}, answers: { '2.1.1': values[(entries - 1) % 3]! }, notes: {} }],
      judgements: {},
      audit: Array.from({ length: entries }, (_, i) => ({
        caseRef: 'CS-01',
        what: 'answer' as const,
        item: '2.1.1',
        oldValue: i === 0 ? null : values[(i - 1) % 3]!,
        newValue: values[i % 3]!,
        changedBy: 'Inspector 1',
        changedAt: at,
      })),
    };
    const id = importInspection(store, file, f.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    const rows = store.db
      .prepare("SELECT clock, value FROM change_log WHERE inspection_id = ? AND entity = 'answer' AND field = 'value' AND actor_name = 'Inspector 1' ORDER BY clock")
      .all(id) as { clock: string; value: string }[];
    expect(rows).toHaveLength(entries);
    for (const r of rows) expect(r.clock).toMatch(HLC_PATTERN);
    // The file's order is kept: the log, ordered by clock, replays the entries as they were written.
    expect(rows.map((r) => JSON.parse(r.value) as string)).toEqual(file.audit!.map((e) => e.newValue));
    // The first 65,536 share the recorded millisecond; the rest move on to the next one.
    expect(rows.filter((r) => parseHlc(r.clock).millis === Date.parse(at))).toHaveLength(MAX_COUNTER + 1);
    expect(store.audit(id, 'CS-01').filter((e) => e.what === 'answer' && e.changedBy === 'Inspector 1')).toHaveLength(entries);
    expect(store.answersByCase(id).values().next().value!.get('2.1.1')!.value).toBe(values[(entries - 1) % 3]);
  }, 60_000);
});
