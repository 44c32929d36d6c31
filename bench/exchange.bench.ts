import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainProcess } from '../electron/main-process';
import { serialiseInspection } from '../electron/files/inspection-files';
import { exportInspection } from '../db';
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
      { id: 'exchange.import.300', name: `import a realistic 300-case inspection file, ${(text.length / 2 ** 20).toFixed(1)} MB (p50)`, value: importMs, unit: 'ms', target: '< 300 ms', met: importMs < 300 },
      { id: 'exchange.export.300', name: 'export a realistic 300-case inspection file (p50)', value: exportMs, unit: 'ms', target: '< 300 ms', met: exportMs < 300 },
    ];
  } finally {
    main.close();
  }
}
