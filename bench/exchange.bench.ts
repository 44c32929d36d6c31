import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { allStandards, shippedFrameworks, type InspectionFile, type Rating } from '../core';
import { buildInspection } from '../core/testing/build-inspection';
import { startMainProcess } from '../electron/main-process';
import { serialiseInspection } from '../electron/files/inspection-files';
import { exportInspection, importInspection } from '../db';
import { time, type Row } from './measure';

const f = shippedFrameworks().get('crc-2018')!;

function file(id: string, provider: string, cases: number, seed: number): InspectionFile {
  const ratings = Object.fromEntries(allStandards(f).map((s, i) => [s.id, (['Good', 'Requires improvement', 'Outstanding', 'Inadequate'] as Rating[])[(i + seed) % 4]!]));
  const built = buildInspection(f, ratings, Math.ceil(cases / 3));
  return {
    formatVersion: 1,
    id,
    framework: 'crc-2018',
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: `20${18 + (seed % 3)}-0${1 + (seed % 9)}-01`, fieldworkEnd: `20${18 + (seed % 3)}-0${1 + (seed % 9)}-12`, status: 'final' },
    cases: built.cases.slice(0, cases).map((c, i) => ({ ref: c.ref, crn: `X${i}`, name: `Person ${i}`, sample: c.sample, attributes: c.attributes, answers: { ...c.answers }, notes: (c.sample === 'case-supervision' ? { '2.1.3': 'Evidence.' } : {}) as Record<string, string> })),
    judgements: built.judgements,
    recommendations: [{ text: 'Improve.' }],
  };
}

export async function exchangeBenchmarks(): Promise<Row[]> {
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-bench-x-')), version: 'bench', log: { error: () => {} } });
  try {
    const text = serialiseInspection(file('00000000-0000-4000-8000-000000000300', 'Big CRC', 300, 0));
    const importMs = (
      await time(
        async () => {
          const r = await main.dispatch({ command: 'exchange.import', input: { text, onDuplicate: 'keep-both', provider: { mode: 'auto' } } });
          if (!r.ok) throw new Error(JSON.stringify(r.error));
        },
        7,
        1,
      )
    ).p50;
    const id = main.store.listInspections()[0]!.id;
    const exportMs = (await time(() => serialiseInspection(exportInspection(main.store, id)), 7, 1)).p50;

    // 500 inspections of 150 cases each, across 120 providers.
    for (let i = 0; i < 500; i++) {
      const fl = file(crypto.randomUUID(), `Provider ${i % 120}`, 150, i);
      importInspection(main.store, fl, f.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
    }
    const cold = performance.now();
    const first = await main.dispatch({ command: 'league.table', input: {} });
    const coldMs = performance.now() - cold;
    if (!first.ok) throw new Error('league');
    const warmMs = (await time(() => main.dispatch({ command: 'league.table', input: {} }), 9, 0)).p50;
    return [
      { name: 'import a 300-case inspection file (p50)', value: importMs, unit: 'ms', target: '< 300 ms', met: importMs < 300 },
      { name: 'export a 300-case inspection file (p50)', value: exportMs, unit: 'ms', target: '< 300 ms', met: exportMs < 300 },
      { name: 'league table, 500 inspections × 150 cases: first (cold)', value: coldMs, unit: 'ms' },
      { name: 'league table, 500 inspections × 150 cases: cached (p50)', value: warmMs, unit: 'ms', target: '< 100 ms', met: warmMs < 100 },
    ];
  } finally {
    main.close();
  }
}
