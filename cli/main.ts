import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InputError, passphraseOf, readInspectionArg, readText } from './input';
import { SAMPLE_USAGE, SampleInputError, sampleCommand } from './sample';
import {
  FrameworkRegistry,
  type InspectionResult,
  formatPercent,
  parseFramework,
  comparableFromFile,
  compareInspections,
  leagueTable,
  agreement,
  agreementOutput,
  rateInspection,
  reportInputFromFile,
  toInspectionInput,
} from '../core';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Exit codes the command line promises. */
export const EXIT = { ok: 0, internal: 1, invalid: 2, conflicts: 3 } as const;

const USAGE = `Usage:
  fieldwork validate FILE [--framework-file FW.json] [--passphrase-file F]
  fieldwork rate FILE [--format json|table] [--framework-file FW.json] [--passphrase-file F]
  fieldwork report FILE --out DRAFT.docx [--pdf DRAFT.pdf --chromium PATH] [--date YYYY-MM-DD]
  fieldwork compare OLD NEW
  fieldwork league FILE...
  fieldwork qa FILE
  fieldwork package FILE --inspector NAME --out PKG.fieldwork.json [--passphrase-file F] [--issued-by NAME]
  fieldwork merge FILE RETURN... --out MERGED.fieldwork.json [--passphrase-file F] [--apply-rest]
${SAMPLE_USAGE}
  fieldwork store verify|backups|backup --data-dir DIR
  fieldwork store restore BACKUP --data-dir DIR
  fieldwork store import FILE --data-dir DIR [--replace | --keep-both] [--user NAME] [--accept-unchecked] [--passphrase-file F]
  fieldwork store export INSPECTION_ID|--all --data-dir DIR --out FILE|FOLDER

FILE is a .fieldwork.json inspection file, format version 1 or 2 (see docs/inspection-file.md), read as
the app reads it: at most 50 MB, its checksum checked when it has one. A sealed FILE opens with
--passphrase-file F (the passphrase on the file's first line) or the FIELDWORK_PASSPHRASE variable.
DIR is a Fieldwork data folder (the one holding fieldwork.sqlite; the app's FIELDWORK_DATA_DIR).
--framework-file loads an inspectorate-supplied framework in place of the shipped one with the same id.
CASELOAD.csv is the provider's caseload extract (CRN, name, gender, sentence type, start date, risk of
serious harm level, office or cluster); sample writes SAMPLE.csv in the sample CSV format and prints the draw.
package also records the package (id, inspector, base) in FILE: merge takes each return's base from that
record (or from a version 2 FILE's change log, where the app records the packages it issues), never from the return.
Exit codes: 0 ok, 2 invalid input (merge: or a return refused), 3 merge wrote MERGED with conflicts open, 1 internal error.
`;

export interface Options {
  positional: string[];
  inspector?: string;
  passphraseFile?: string;
  issuedBy?: string;
  applyRest?: boolean;
  format: 'json' | 'table';
  frameworkFiles: string[];
  out?: string;
  pdf?: string;
  chromium?: string;
  date?: string;
}

const OPTIONS = {
  format: { type: 'string' },
  'framework-file': { type: 'string', multiple: true },
  out: { type: 'string' },
  inspector: { type: 'string' },
  'passphrase-file': { type: 'string' },
  'issued-by': { type: 'string' },
  'apply-rest': { type: 'boolean' },
  pdf: { type: 'string' },
  chromium: { type: 'string' },
  date: { type: 'string' },
} as const;

/** node:util's messages, in the words the rest of the command line uses. */
function optionError(e: unknown): InputError {
  const { code, message } = e as { code?: string; message: string };
  const option = /'(--[a-z-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return new InputError(`unknown option ${option}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return new InputError(`${option} needs a value`);
  return new InputError(message);
}

function optionsOf(args: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw optionError(e);
  }
  const v = parsed.values;
  const format = v.format ?? 'json';
  if (format !== 'json' && format !== 'table') throw new InputError(`--format must be json or table, not "${format}"`);
  if (v.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v.date)) throw new InputError('--date must look like 2019-06-30');
  return {
    positional: parsed.positionals,
    format,
    frameworkFiles: v['framework-file'] ?? [],
    ...(v.out !== undefined && { out: v.out }),
    ...(v.inspector !== undefined && { inspector: v.inspector }),
    ...(v['passphrase-file'] !== undefined && { passphraseFile: v['passphrase-file'] }),
    ...(v['issued-by'] !== undefined && { issuedBy: v['issued-by'] }),
    ...(v['apply-rest'] && { applyRest: true }),
    ...(v.pdf !== undefined && { pdf: v.pdf }),
    ...(v.chromium !== undefined && { chromium: v.chromium }),
    ...(v.date !== undefined && { date: v.date }),
  };
}

export async function registryFor(o: Options): Promise<FrameworkRegistry> {
  const registry = new FrameworkRegistry();
  for (const path of o.frameworkFiles) {
    let data: unknown;
    try {
      data = JSON.parse(await readText(path));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${path}: not valid JSON`);
    }
    const r = parseFramework(data);
    if (!r.ok) throw new InputError(`${path}: not a valid framework`, r.issues);
    registry.add(r.framework);
  }
  return registry;
}

async function loadPath(file: string, registry: FrameworkRegistry, o: Options) {
  return readInspectionArg(file, registry, await passphraseOf(o.passphraseFile));
}

async function load(o: Options) {
  const [file, ...rest] = o.positional;
  if (!file || rest.length > 0) throw new InputError('give exactly one inspection file');
  return loadPath(file, await registryFor(o), o);
}

/** The JSON shape `fieldwork rate` prints: stable for other tools. */
export function rateOutput(r: InspectionResult) {
  return {
    framework: r.framework,
    standards: r.standards.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      rating: s.rating,
      computedRating: s.computedRating,
      override: s.override,
      drivingKeyQuestion: s.drivingKeyQuestion,
      explanation: s.explanation,
      keyQuestions: s.keyQuestions.map((k) => ({
        id: k.id,
        yes: k.yes,
        no: k.no,
        notApplicable: k.notApplicable,
        unanswered: k.unanswered,
        percent: k.percent,
        band: k.band,
      })),
    })),
    overall: { score: r.overall.score, max: r.overall.max, rating: r.overall.rating },
    warnings: r.warnings.map((w) => w.message),
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function rateTable(r: InspectionResult): string {
  const lines = [`Framework ${r.framework.id} (revision ${r.framework.revision})`, ''];
  lines.push(`${pad('Standard', 36)}${pad('Rating', 36)}Key questions`);
  for (const s of r.standards) {
    const rating = s.override ? `${s.rating} (computed ${s.computedRating ?? '—'})` : (s.rating ?? 'not rated');
    const kqs = s.keyQuestions.map((k) => `${k.id} ${formatPercent(k.percent)} (${k.yes}/${k.applicable})`).join(', ');
    lines.push(`${pad(`${s.id} ${s.name}`, 36)}${pad(rating, 36)}${kqs || 'judgement'}`);
  }
  lines.push('', `Overall: ${r.overall.rating ?? 'not yet rated'} — ${r.overall.score} of ${r.overall.max}`);
  for (const w of r.warnings) lines.push(`Warning: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? EXIT.invalid : EXIT.ok;
    }
    if (command === 'sample') {
      const { json } = await sampleCommand(rest);
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT.ok;
    }
    // The commands' heavier modules (SQLite, docx, Playwright, PDF.js) load only in the commands that use
    // them: every call pays for what it loads (bin/fieldwork.cjs runs a bundle in which these stay lazy).
    if (command === 'store') return await (await import('./store')).runStore(rest, io);
    const o = optionsOf(rest);
    switch (command) {
      case 'validate': {
        const { file, sealed, checked } = await load(o);
        io.stdout(`${JSON.stringify({ file: o.positional[0], valid: true, framework: file.framework, formatVersion: file.formatVersion, cases: file.cases.length, changes: file.changes?.length ?? 0, sealed, checked }, null, 2)}\n`);
        // Said on stderr too, so a person running it by hand sees it: nothing could detect damage to this file.
        if (checked === 'unchecked') io.stderr(`fieldwork: ${o.positional[0]} has no checksum and is not sealed, so damage to it cannot be detected.\n`);
        return EXIT.ok;
      }
      case 'rate': {
        const { file, framework } = await load(o);
        const result = rateInspection(framework, toInspectionInput(file));
        io.stdout(o.format === 'table' ? rateTable(result) : `${JSON.stringify(rateOutput(result), null, 2)}\n`);
        return EXIT.ok;
      }
      case 'report': {
        if (!o.out && !o.pdf) throw new InputError('give --out DRAFT.docx (and/or --pdf DRAFT.pdf)');
        const chromium = o.chromium ?? process.env.CHROMIUM_PATH;
        // Chromium starts now, so its launch overlaps reading the file and building the report; it prints
        // once, and closes while the PDF is checked.
        const printer = o.pdf && chromium ? (await import('./cdp-printer')).startChromiumPrinter(chromium, { once: true }) : undefined;
        try {
          const { file, framework } = await load(o);
          const { input, personal } = reportInputFromFile(file, framework, o.date ?? new Date().toISOString().slice(0, 10));
          if (o.pdf && !printer) throw new InputError('--pdf needs a Chromium: give --chromium PATH (e.g. /usr/bin/chromium) or set CHROMIUM_PATH');
          const { renderDocx, renderPdf } = await import('../electron/report/write');
          const written: { format: 'docx' | 'pdf'; path: string; bytes: number }[] = [];
          if (o.out) {
            const { bytes } = await renderDocx(input, personal);
            await writeFile(o.out, bytes);
            written.push({ format: 'docx', path: o.out, bytes: bytes.byteLength });
          }
          if (o.pdf && printer) {
            const { bytes } = await renderPdf(input, personal, printer.print);
            await writeFile(o.pdf, bytes);
            written.push({ format: 'pdf', path: o.pdf, bytes: bytes.byteLength });
          }
          io.stdout(`${JSON.stringify({ written }, null, 2)}\n`);
        } catch (e) {
          const { PersonalDataError } = await import('../electron/report/privacy');
          if (e instanceof PersonalDataError) throw new InputError(e.message);
          throw e;
        } finally {
          await printer?.close();
        }
        return EXIT.ok;
      }
      case 'compare': {
        if (o.positional.length !== 2) throw new InputError('give two inspection files: OLD NEW');
        const registry = await registryFor(o);
        const [a, b] = await Promise.all(o.positional.map((p) => loadPath(p, registry, o)));
        const result = compareInspections(comparableFromFile(a!.file, a!.framework), comparableFromFile(b!.file, b!.framework));
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        return EXIT.ok;
      }
      case 'league': {
        if (o.positional.length === 0) throw new InputError('give one or more inspection files');
        const registry = await registryFor(o);
        const files = await Promise.all(o.positional.map((p) => loadPath(p, registry, o)));
        io.stdout(`${JSON.stringify(leagueTable(files.map((f) => comparableFromFile(f.file, f.framework))), null, 2)}\n`);
        return EXIT.ok;
      }
      case 'qa': {
        // Agreement between each double-marked case's first and blind second marking (docs/qa.md).
        const { file, framework } = await load(o);
        io.stdout(`${JSON.stringify(agreementOutput(agreement(framework, file.cases)), null, 2)}\n`);
        return EXIT.ok;
      }
      case 'package':
        return await (await import('./team')).packageCommand(o, io, await registryFor(o), { id: randomUUID(), issuedAt: new Date().toISOString() });
      case 'merge':
        return await (await import('./team')).mergeCommand(o, io, await registryFor(o), new Date().toISOString());
      default:
        throw new InputError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof SampleInputError) {
      io.stderr(`fieldwork: ${e.message}\n`);
      for (const line of e.lines) io.stderr(`  ${line}\n`);
      return EXIT.invalid;
    }
    if (e instanceof InputError) {
      io.stderr(`fieldwork: ${e.message}\n`);
      for (const i of e.issues) io.stderr(`  ${i.path}: ${i.message}\n`);
      return EXIT.invalid;
    }
    throw e;
  }
}
