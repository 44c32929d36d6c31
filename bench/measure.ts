import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
}

/** Times `fn` `runs` times after `warmup` untimed runs; milliseconds. */
export async function time(fn: () => unknown, runs: number, warmup = Math.min(50, runs)): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { runs, p50: q(0.5), p99: q(0.99), mean: samples.reduce((a, b) => a + b, 0) / runs, min: samples[0]! };
}

export interface Row {
  /** Stable across runs and releases: what the README, the issues and comparisons refer to. */
  id: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** true when the target is met; undefined when there is no target. */
  met?: boolean;
  note?: string;
}
