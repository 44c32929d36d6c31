/**
 * How many cases one inspection may hold. Samples are a few hundred cases and the scale benchmarks go
 * to 3,000; a file of far more is refused before it is parsed in full, so that reading it cannot hold
 * up every other command for seconds (a 100,000-case import would, in one transaction). An app limit,
 * not an inspectorate rule.
 */
export const MAX_CASES_PER_INSPECTION = 10_000;
