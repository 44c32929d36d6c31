import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  type CaseAttributeKey,
  type ExclusionRule,
  type Framework,
  FrameworkRegistry,
  SamplingError,
  attributeOfHeading,
  caseloadHeading,
  defaultSettings,
  drawSample,
  parseDay,
  readCaseloadCsv,
  refPrefix,
  sampleCsvText,
} from '../core';

export const SAMPLE_USAGE = `  fieldwork sample CASELOAD.csv --seed N --out SAMPLE.csv [--confidence 0.8] [--margin 0.05]
      [--strata "gender,sentence type,risk of serious harm level,office or cluster"]
      [--window-start YYYY-MM-DD --window-end YYYY-MM-DD] [--size N]
      [--exclude "sentence type=post-sentence supervision"]... [--inspectors "Name A,Name B"]
      [--framework ID] [--sample ID]`;

/** A problem with the input, with row-level messages where there are rows to point at. */
export class SampleInputError extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** The framework whose latest revision is newest: the one a new inspection would use. */
function newestFramework(registry: FrameworkRegistry): Framework {
  const latest = (f: Framework) => f.revisions.map((r) => r.date).sort().at(-1) ?? '';
  return registry.list().sort((a, b) => (latest(a) < latest(b) ? 1 : latest(a) > latest(b) ? -1 : 0))[0]!;
}

function fraction(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || v >= max) throw new SampleInputError(`--${name} must be a number between 0 and ${max}, like ${fallback}; "${text}" is not`);
  return v;
}

function wholeNumber(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new SampleInputError(`--${name} must be a whole number, 0 or more; "${text}" is not`);
  return Number(text);
}

function isoDay(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseDay(text) : null;
  if (!d) throw new SampleInputError(`--${name} must be a date like 2018-11-03; "${text}" is not`);
  return d;
}

function heading(text: string): CaseAttributeKey {
  const key = attributeOfHeading(text);
  if (!key) throw new SampleInputError(`"${text.trim()}" is not a caseload column to stratify or exclude by; use gender, sentence type, risk of serious harm level, office or cluster, ethnicity, age band, domestic abuse concern, child safeguarding concern or released from custody`);
  return key;
}

/** `fieldwork sample`: draws the sample from a caseload extract, writes it as a sample CSV and prints the draw as JSON. */
export async function sampleCommand(args: string[]): Promise<{ json: unknown; wrote: string }> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        seed: { type: 'string' },
        out: { type: 'string' },
        confidence: { type: 'string' },
        margin: { type: 'string' },
        strata: { type: 'string' },
        'window-start': { type: 'string' },
        'window-end': { type: 'string' },
        size: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        inspectors: { type: 'string' },
        framework: { type: 'string' },
        sample: { type: 'string' },
      },
    });
  } catch (e) {
    throw new SampleInputError((e as Error).message);
  }
  const { values: o, positionals } = parsed;
  if (positionals.length !== 1) throw new SampleInputError('give exactly one caseload CSV file');
  const seed = wholeNumber('seed', o.seed);
  if (seed === null) throw new SampleInputError('give --seed N: the same seed always draws the same sample');
  if (!o.out) throw new SampleInputError('give --out SAMPLE.csv for the drawn sample');

  const registry = new FrameworkRegistry();
  const framework = o.framework === undefined ? newestFramework(registry) : registry.get(o.framework);
  if (!framework) throw new SampleInputError(`unknown framework "${o.framework}"; the frameworks are: ${registry.ids().join(', ')}`);
  const sampleId = o.sample ?? (framework.samples.some((s) => s.id === 'case-supervision') ? 'case-supervision' : framework.samples[0]!.id);
  const sample = framework.samples.find((s) => s.id === sampleId);
  if (!sample) throw new SampleInputError(`${framework.id} has no sample "${sampleId}"; its samples are: ${framework.samples.map((s) => s.id).join(', ')}`);

  const defaults = defaultSettings(framework, null, seed);
  const start = isoDay('window-start', o['window-start']);
  const end = isoDay('window-end', o['window-end']);
  if ((start === undefined) !== (end === undefined)) throw new SampleInputError('give both --window-start and --window-end, or neither');
  if (start && end && end < start) throw new SampleInputError('--window-end is before --window-start');
  const exclusions: ExclusionRule[] = (o.exclude ?? []).map((rule) => {
    const at = rule.indexOf('=');
    if (at < 1 || at === rule.length - 1) throw new SampleInputError(`--exclude must look like "sentence type=post-sentence supervision"; "${rule}" does not`);
    return { attribute: heading(rule.slice(0, at)), value: rule.slice(at + 1).trim() };
  });
  const strata = o.strata === undefined ? defaults.strata : o.strata.split(',').filter((s) => s.trim() !== '').map(heading);
  if (strata.length === 0) throw new SampleInputError('--strata names no column');
  const settings = {
    ...defaults,
    confidence: fraction('confidence', o.confidence, defaults.confidence, 1),
    margin: fraction('margin', o.margin, defaults.margin, 0.5),
    window: start && end ? { start, end } : null,
    exclusions,
    strata,
    size: wholeNumber('size', o.size),
  };

  const file = positionals[0]!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SampleInputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`);
  }
  const caseload = readCaseloadCsv(text);
  if (caseload.errors.length > 0)
    throw new SampleInputError(
      `${file}: nothing was drawn: ${caseload.errors.length} ${caseload.errors.length === 1 ? 'problem' : 'problems'} in the caseload`,
      caseload.errors.map((e) => `${e.line > 0 ? `line ${e.line}` : 'file'}${e.column ? `, ${e.column}` : ''}: ${e.message}`),
    );

  let draw;
  try {
    draw = drawSample(caseload.rows, settings, { refPrefix: refPrefix(sample.name), inspectors: (o.inspectors ?? '').split(',') });
  } catch (e) {
    if (e instanceof SamplingError) throw new SampleInputError(e.message);
    throw e;
  }
  try {
    await writeFile(o.out, sampleCsvText(draw, sample.name));
  } catch (e) {
    // Not the input's fault: the file system refused (a folder, no permission, a full disk); exit 1.
    throw new Error(`could not write ${o.out} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return {
    wrote: o.out,
    json: {
      eligible: draw.eligible,
      size: draw.n,
      strata: draw.strata.map((s) => ({ key: Object.fromEntries(Object.entries(s.key).map(([k, v]) => [caseloadHeading(k as CaseAttributeKey), v])), population: s.population, sample: s.sample })),
      excluded: draw.excluded,
    },
  };
}
