/** Inverse of the standard normal CDF (Acklam's rational approximation; error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be between 0 and 1');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface ProportionChange {
  /** Percentage points, new minus old. */
  change: number;
  /** Half-width of the change's confidence interval in percentage points; null when a base is unknown. */
  noise: number | null;
  verdict: 'improved' | 'declined' | 'no clear change' | 'base unknown';
}

/**
 * Is the change between two sample proportions larger than sampling noise? A two-sided test of
 * two proportions (pooled standard error) at the framework's confidence: a move from 58% to 62% on
 * 40 cases each is well inside the noise at 80% confidence and reads "no clear change".
 */
export function compareProportions(oldPct: number, oldBase: number | null, newPct: number, newBase: number | null, confidence: number): ProportionChange {
  const change = newPct - oldPct;
  if (!oldBase || !newBase) return { change, noise: null, verdict: 'base unknown' };
  const p1 = oldPct / 100;
  const p2 = newPct / 100;
  const pooled = (p1 * oldBase + p2 * newBase) / (oldBase + newBase);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / oldBase + 1 / newBase));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const noise = z * se * 100;
  // With no variation at all (0% or 100% in both), any difference is real.
  const verdict = Math.abs(change) > noise && change !== 0 ? (change > 0 ? 'improved' : 'declined') : 'no clear change';
  return { change, noise, verdict };
}
