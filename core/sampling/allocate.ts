/**
 * Proportional allocation by the largest-remainder (Hamilton) method: each stratum gets the whole
 * part of its exact share n·P/N, and the seats left over go to the largest fractional parts, so the
 * allocations sum to n exactly and none is 1 or more away from its exact share. Ties go to the larger
 * stratum, then to the earlier one, so the result is the same every time.
 */
export function allocate(populations: readonly number[], n: number): number[] {
  const total = populations.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(n) || n < 0) throw new RangeError('the sample size must be a whole number');
  if (n > total) throw new RangeError(`cannot draw ${n} cases from ${total}`);
  if (total === 0) return populations.map(() => 0);
  // Integer arithmetic: exact share = n·P/N, whole part and remainder without floating point.
  const whole = populations.map((p) => Math.floor((n * p) / total));
  const remainder = populations.map((p, i) => n * p - whole[i]! * total);
  let left = n - whole.reduce((a, b) => a + b, 0);
  const order = populations.map((_, i) => i).sort((a, b) => remainder[b]! - remainder[a]! || populations[b]! - populations[a]! || a - b);
  for (const i of order) {
    if (left === 0) break;
    whole[i]!++;
    left--;
  }
  return whole;
}
