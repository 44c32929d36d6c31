import { rateInspection } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { FRAMEWORK } from './fixtures';
import { time, type Row } from './measure';

/** The engine alone, on realistic inspections: every applicable key question and prompt answered. */
export async function ratingBenchmarks(): Promise<Row[]> {
  const f = FRAMEWORK;
  const one = realisticInspection(f, 200, 1);
  const t = await time(() => rateInspection(f, one), 500);
  const store = Array.from({ length: 500 }, (_, i) => realisticInspection(f, 150, i + 1));
  const start = performance.now();
  for (const insp of store) rateInspection(f, insp);
  const storeMs = performance.now() - start;
  return [
    { id: 'engine.rate.200.p50', name: 'rating engine, a realistic 200-case inspection (p50)', value: t.p50, unit: 'ms', target: '< 2 ms', met: t.p50 < 2 },
    { id: 'engine.rate.200.p99', name: 'rating engine, a realistic 200-case inspection (p99)', value: t.p99, unit: 'ms' },
    { id: 'engine.rate.500x150', name: 'rating engine, 500 inspections × 150 realistic cases', value: storeMs, unit: 'ms' },
    { id: 'engine.throughput', name: 'rating engine throughput', value: (500 * 150) / (storeMs / 1000), unit: 'cases/s' },
  ];
}
