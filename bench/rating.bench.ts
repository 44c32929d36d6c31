import { allStandards, rateInspection, shippedFrameworks, type InspectionInput, type Rating } from '../core';
import { buildInspection } from '../core/testing/build-inspection';
import { time, type Row } from './measure';

/** A realistic inspection: every case answers every key question and prompt of its sample. */
function inspectionOf(cases: number, seed: number): InspectionInput {
  const f = shippedFrameworks().get('crc-2018')!;
  const ratings = Object.fromEntries(allStandards(f).map((s, i) => [s.id, (['Good', 'Requires improvement', 'Outstanding'] as Rating[])[(i + seed) % 3]!]));
  const base = buildInspection(f, ratings, Math.ceil(cases / 3));
  return { ...base, cases: base.cases.slice(0, cases) };
}

export async function ratingBenchmarks(): Promise<Row[]> {
  const f = shippedFrameworks().get('crc-2018')!;
  const one = inspectionOf(200, 0);
  const t = await time(() => rateInspection(f, one), 500);
  const store = Array.from({ length: 500 }, (_, i) => inspectionOf(150, i));
  const start = performance.now();
  for (const insp of store) rateInspection(f, insp);
  const storeMs = performance.now() - start;
  return [
    { name: 'rate a 200-case inspection (p50)', value: t.p50, unit: 'ms', target: '< 2 ms', met: t.p50 < 2 },
    { name: 'rate a 200-case inspection (p99)', value: t.p99, unit: 'ms' },
    { name: 'rate 500 inspections × 150 cases', value: storeMs, unit: 'ms' },
    { name: 'rating throughput', value: (500 * 150) / (storeMs / 1000), unit: 'cases/s' },
  ];
}
