import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainProcess } from '../electron/main-process';
import { serialiseInspection } from '../electron/files/inspection-files';
import { exportInspection } from '../db';
import { FrameworkRegistry } from '../core';
import { readInspection } from '../electron/files/inspection-files';
import { realisticFile } from './fixtures';
import { time, type Row } from './measure';

/** Import and export of a realistic 300-case inspection file (answers, prompts, notes, audit trail) through the handler and the db layer. */
export async function exchangeBenchmarks(): Promise<Row[]> {
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-bench-x-')), user: 'Test Inspector', version: 'bench', log: { error: () => {} } });
  try {
    const text = serialiseInspection(realisticFile('00000000-0000-4000-8000-000000000300', 'Big CRC', 300, 3));
    const importMs = (
      await time(
        async () => {
          const r = await main.dispatch({ command: 'exchange.import', input: { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } } });
          if (!r.ok) throw new Error(JSON.stringify(r.error));
        },
        7,
        1,
      )
    ).p50;
    const id = main.store.listInspections()[0]!.id;
    const exportMs = (await time(() => serialiseInspection(exportInspection(main.store, id)), 7, 1)).p50;
    return [
      ...(await writePathImport150()),
      { id: 'exchange.import.300', name: `import a realistic 300-case inspection file, ${(text.length / 2 ** 20).toFixed(1)} MB (p50)`, value: importMs, unit: 'ms', target: '< 300 ms', met: importMs < 300 },
      { id: 'exchange.export.300', name: 'export a realistic 300-case inspection file (p50)', value: exportMs, unit: 'ms', target: '< 300 ms', met: exportMs < 300 },
    ];
  } finally {
    main.close();
  }
}

/**
 * Issue #11: a realistic 150-case inspection through the one write path. A version 1 file becomes
 * typed changes of the importing user (one per row, logged); its export (version 2, with the whole
 * log) is imported into fresh stores by replaying that log, keeping ids, who and when. The floor is
 * reading and checking the same text (parse, schema, framework, checksum), which every import does.
 */
async function writePathImport150(): Promise<Row[]> {
  const quiet = { error: () => {} };
  const fresh = () => startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-bench-w-')), user: 'Test Inspector', version: 'bench', log: quiet });
  const importText = async (main: ReturnType<typeof fresh>, text: string) => {
    const r = await main.dispatch({ command: 'exchange.import', input: { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  const v1 = serialiseInspection(realisticFile('00000000-0000-4000-8000-000000000150', 'Mid CRC', 150, 5));
  const stores: ReturnType<typeof fresh>[] = [];
  try {
    // Each timed import goes into its own fresh store, so none is a second copy (keep both).
    const next = () => {
      const m = fresh();
      stores.push(m);
      return m;
    };
    const pool1 = Array.from({ length: 6 }, next);
    let i = 0;
    const v1Ms = (await time(() => importText(pool1[i++]!, v1), 5, 1)).p50;
    const source = pool1[0]!;
    const id = source.store.listInspections()[0]!.id;
    const v2 = serialiseInspection(exportInspection(source.store, id));
    const changes = source.store.changes(id).length;
    const pool2 = Array.from({ length: 6 }, next);
    let j = 0;
    const v2Ms = (await time(() => importText(pool2[j++]!, v2), 5, 1)).p50;
    const registry = new FrameworkRegistry();
    const floorMs = (await time(() => readInspection(v2, registry), 5, 1)).p50;
    const exportMs = (await time(() => serialiseInspection(exportInspection(source.store, id)), 5, 1)).p50;
    const mb = (t: string) => (t.length / 2 ** 20).toFixed(1);
    return [
      { id: 'exchange.import.v1.150', name: `import a realistic 150-case version 1 file (${mb(v1)} MB) through the write path, ${changes.toLocaleString('en-GB')} changes logged (p50)`, value: v1Ms, unit: 'ms' },
      { id: 'exchange.import.v2.150', name: `import its version 2 export (${mb(v2)} MB) into a fresh store, replaying the ${changes.toLocaleString('en-GB')}-change log (p50)`, value: v2Ms, unit: 'ms' },
      { id: 'exchange.import.v2.150.floor', name: 'floor: read and check the same version 2 text only (p50)', value: floorMs, unit: 'ms' },
      { id: 'exchange.export.v2.150', name: 'export the 150-case inspection as version 2 with its change log (p50)', value: exportMs, unit: 'ms' },
    ];
  } finally {
    for (const m of stores) m.close();
  }
}
