import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, drawSample, parseCsv, readCaseloadCsv, shippedFrameworks } from '../core';
import { caseloadCsv } from '../core/testing/caseload';
import { startMainProcess } from '../electron/main-process';
import { typedClient } from '../electron/ipc/typed-client';
import { time, type Row } from './measure';

const ROWS = 50_000;

/** The sample builder: a 50,000-row caseload extract read, loaded through IPC and drawn from. */
export async function samplingBenchmarks(): Promise<Row[]> {
  const text = caseloadCsv(ROWS, 17);
  const f = shippedFrameworks().get('pdu-2023')!;
  const read = await time(() => {
    const r = readCaseloadCsv(text);
    if (r.rows.length !== ROWS) throw new Error(`read ${r.rows.length} rows`);
  }, 7, 1);
  // The floor: tokenising the same CSV and nothing else (no headings, values or dates checked).
  const floor = await time(() => parseCsv(text), 7, 1);
  const rows = readCaseloadCsv(text).rows;
  const draw = await time(() => drawSample(rows, defaultSettings(f, '2019-06-03', 7), { refPrefix: 'CS', inspectors: ['A', 'B', 'C'] }), 7, 1);
  const drawAll = await time(() => drawSample(rows, { ...defaultSettings(f, null, 7) }, { refPrefix: 'CS', inspectors: ['A', 'B', 'C'] }), 7, 1);

  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-bench-s-')), user: 'Bench Inspector', version: 'bench', log: { error: () => {} } });
  try {
    const { ok } = typedClient(() => main.dispatch);
    const insp = await ok('inspection.create', { newProvider: { name: 'Bench PDU', type: 'PDU' }, frameworkId: 'pdu-2023', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' });
    const load = await time(async () => {
      const r = await ok('sampling.load', { inspectionId: insp.id, csv: text });
      if (r.rows !== ROWS) throw new Error(`loaded ${r.rows} rows`);
    }, 5, 1);
    const target = 2000;
    return [
      { id: 'sample.caseload-import.50000', name: `caseload import, ${ROWS.toLocaleString('en-GB')} rows (p50)`, value: read.p50, unit: 'ms', target: `< ${target} ms`, met: read.p50 < target },
      { id: 'sample.caseload-import.50000.floor', name: `floor: tokenise the same CSV only (p50)`, value: floor.p50, unit: 'ms' },
      { id: 'sample.caseload-load-ipc.50000', name: `caseload load through IPC handler, ${ROWS.toLocaleString('en-GB')} rows (p50)`, value: load.p50, unit: 'ms', target: `< ${target} ms`, met: load.p50 < target },
      { id: 'sample.draw.50000-window', name: `draw from ${ROWS.toLocaleString('en-GB')} rows, default window (p50)`, value: draw.p50, unit: 'ms' },
      { id: 'sample.draw.50000-all', name: `draw from ${ROWS.toLocaleString('en-GB')} eligible rows (p50)`, value: drawAll.p50, unit: 'ms' },
    ];
  } finally {
    main.close();
  }
}
