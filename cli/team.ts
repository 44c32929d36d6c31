import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type FrameworkRegistry,
  type InspectionFile,
  type MergeResult,
  checkAgainstFramework,
  cutPackage,
  mergeFiles,
  recordPackage,
} from '../core';
import { Store, StoreError, exportInspection, importInspection, openDatabase, teamStore } from '../db';
import { serialiseInspection } from '../electron/files/inspection-files';
import { seal } from '../electron/files/seal';
import { writeFileAtomically } from '../electron/files/write-atomically';
import { InputError, passphraseOf, readInspectionArg } from './input';
import type { CliIo, Options } from './main';

/** `fieldwork package` and `fieldwork merge`: the same core/team code the app uses. */

const EXIT = { ok: 0, invalid: 2, conflicts: 3 } as const;

async function write(path: string, file: InspectionFile, passphrase: string | undefined): Promise<void> {
  const text = serialiseInspection(file);
  await writeFileAtomically(path, passphrase === undefined ? text : await seal(text, passphrase));
}

export async function packageCommand(o: Options, io: CliIo, registry: FrameworkRegistry, issue: { id: string; issuedAt: string }): Promise<number> {
  const [path, ...rest] = o.positional;
  if (!path || rest.length > 0) throw new InputError('give exactly one inspection file: fieldwork package FILE --inspector NAME --out PKG.fieldwork.json');
  if (!o.inspector?.trim()) throw new InputError('give the inspector: --inspector NAME (as in the cases\' assigned inspector)');
  if (!o.out) throw new InputError('give the package file to write: --out PKG.fieldwork.json');
  const passphrase = await passphraseOf(o.passphraseFile);
  const { file, sealed } = await readInspectionArg(path, registry, passphrase);
  const cut = cutPackage(file, o.inspector, { ...issue, ...(o.issuedBy ? { issuedBy: o.issuedBy } : {}) });
  if (!cut.ok) throw new InputError(`${path}: ${cut.message}`);
  await write(o.out, cut.file, passphrase);
  // The lead's file records the package (id, inspector, base): \`fieldwork merge\` takes a return's
  // base from this record, never from the return. Without it, the package is not issued.
  try {
    await write(path, recordPackage(file, cut.file.package!), sealed ? passphrase : undefined);
  } catch (e) {
    await rm(o.out, { force: true });
    throw new InputError(`${path}: the package could not be recorded in the inspection file (${(e as NodeJS.ErrnoException).code ?? 'error'}), so none was written`);
  }
  io.stdout(`${JSON.stringify({ package: issue.id, inspector: cut.file.package!.inspector, issuedAt: issue.issuedAt, cases: cut.refs, out: o.out, sealed: passphrase !== undefined, recordedIn: path }, null, 2)}\n`);
  return EXIT.ok;
}

/** The JSON `fieldwork merge` prints: stable for other tools (see README). */
export function mergeOutput(r: MergeResult, fileOf: (source: string) => string) {
  return {
    applied: r.applied.map((a) => ({ ref: a.ref, field: a.field, from: a.from, to: a.to, by: a.by })),
    conflicts: r.conflicts.map((c) => ({ ref: c.ref, field: c.field, base: c.base, current: c.current, incoming: c.incoming, by: c.by })),
    refused: r.refused.map((x) => ({ file: fileOf(x.source), ref: x.ref, ...(x.field ? { field: x.field } : {}), reason: x.reason })),
    unchanged: r.unchanged,
  };
}

/**
 * A version 2 lead file carries its change log, and its contents must stay what that log produces:
 * the merge is applied through the one write path in a scratch store (each change with its
 * inspector as author and the return as reason, as in the app) and the file written from it.
 */
function withLog(lead: InspectionFile, written: InspectionFile, result: MergeResult, registry: FrameworkRegistry, path: string): InspectionFile {
  const scratch = new Store(openDatabase(':memory:'), { frameworks: registry });
  try {
    scratch.setUserName('fieldwork merge');
    const revision = registry.get(lead.framework, lead.frameworkRevision)!.revision;
    try {
      importInspection(scratch, lead, revision, { onDuplicate: 'replace', provider: { mode: 'auto' } });
    } catch (e) {
      if (e instanceof StoreError) throw new InputError(`${path}: ${e.message.replace(/ so it was not imported\.$/, ' so no return can be merged into it: export it again from Fieldwork.')}`);
      throw e;
    }
    const sources = [...new Set(result.applied.map((a) => a.source))];
    for (const source of sources) teamStore(scratch).applyMerge(lead.id!, { ...result, applied: result.applied.filter((a) => a.source === source), conflicts: [], packages: [] }, `return ${basename(source)}`);
    const { checksum: _c, ...out } = exportInspection(scratch, lead.id!);
    return { ...out, ...(written.team ? { team: written.team } : {}) };
  } finally {
    scratch.db.close();
  }
}

export async function mergeCommand(o: Options, io: CliIo, registry: FrameworkRegistry, mergedAt: string): Promise<number> {
  const [path, ...returns] = o.positional;
  if (!path || returns.length === 0) throw new InputError('give the lead\'s inspection file and one or more returns: fieldwork merge FILE RETURN... --out MERGED.fieldwork.json');
  if (!o.out) throw new InputError('give the merged file to write: --out MERGED.fieldwork.json');
  const passphrase = await passphraseOf(o.passphraseFile);
  const lead = await readInspectionArg(path, registry, passphrase);
  if (!lead.file.id) throw new InputError(`${path}: the inspection file has no id, so no return can be matched to it`);
  // Every return is read and checked before anything is merged: one bad file writes nothing.
  const files = [];
  for (const r of returns) files.push({ source: r, file: (await readInspectionArg(r, registry, passphrase)).file });
  const { result, merged: written } = mergeFiles(lead.file, files, mergedAt);
  const merged = lead.file.changes ? withLog(lead.file, written, result, registry, path) : written;
  io.stdout(`${JSON.stringify(mergeOutput(result, (s) => s), null, 2)}\n`);
  if (result.refused.length > 0 && !o.applyRest) {
    io.stderr(`fieldwork: ${result.refused.length} part${result.refused.length === 1 ? '' : 's'} refused (listed under "refused"); nothing was written. Give --apply-rest to write the rest.\n`);
    return EXIT.invalid;
  }
  const framework = registry.get(merged.framework, merged.frameworkRevision)!;
  const issues = checkAgainstFramework(merged, framework);
  // Every return was checked against the framework, so this is a defect, not bad input.
  if (issues.length > 0) throw new Error(`the merged file would be invalid: ${issues[0]!.path}: ${issues[0]!.message}`);
  await write(o.out, merged, lead.sealed ? passphrase : undefined);
  if (result.refused.length > 0) {
    io.stderr(`fieldwork: wrote ${basename(o.out)} without the ${result.refused.length} refused part${result.refused.length === 1 ? '' : 's'}.\n`);
    return EXIT.invalid;
  }
  if (result.conflicts.length > 0) {
    io.stderr(`fieldwork: wrote ${basename(o.out)}; ${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'} open: the lead's value is kept until each is resolved.\n`);
    return EXIT.conflicts;
  }
  return EXIT.ok;
}
