import type { Framework, FrameworkRegistry, InspectionFile, PathIssue } from '../core';
import { FileTooLargeError, readInspection, readTextFile } from '../electron/files/inspection-files';
import { SealError, isSealed, unseal } from '../electron/files/seal';

/** Bad input: printed as a message (and the JSON paths at fault), exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly issues: PathIssue[] = [],
  ) {
    super(message);
  }
}

/** Reads a file named on the command line, refusing oversized files before reading them, as the app does. */
export async function readText(path: string): Promise<string> {
  try {
    return await readTextFile(path);
  } catch (e) {
    if (e instanceof FileTooLargeError) throw new InputError(`${path}: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path}: is a folder, not a file` : `${path}: cannot read (${code ?? 'error'})`);
  }
}

/** The passphrase for sealed files: from --passphrase-file F, else the FIELDWORK_PASSPHRASE variable. */
export async function passphraseOf(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (file === undefined) return env.FIELDWORK_PASSPHRASE || undefined;
  // A trailing newline is how editors save files, not part of the passphrase.
  const p = (await readText(file)).replace(/\r?\n$/, '');
  if (!p) throw new InputError(`${file}: the passphrase file is empty`);
  return p;
}

export interface InspectionArg {
  file: InspectionFile;
  framework: Framework;
  sealed: boolean;
  /** Whether damage to the file could be detected: a checksum that matched, a seal that opened, or neither. */
  checked: 'checksum' | 'seal' | 'unchecked';
}

/**
 * An inspection file named on the command line, read exactly as the app reads one: size limit, seal,
 * schema, framework and checksum.
 */
export async function readInspectionArg(path: string, registry: FrameworkRegistry, passphrase: string | undefined): Promise<InspectionArg> {
  let text = await readText(path);
  const sealed = isSealed(text);
  if (sealed) {
    if (passphrase === undefined) throw new InputError(`${path}: the file is sealed; give its passphrase with --passphrase-file F or the FIELDWORK_PASSPHRASE variable`);
    try {
      text = await unseal(text, passphrase);
    } catch (e) {
      if (e instanceof SealError) throw new InputError(`${path}: ${e.message}`);
      throw e;
    }
  }
  const parsed = readInspection(text, registry);
  if (!parsed.ok) throw new InputError(`${path}: invalid inspection file`, parsed.issues);
  return { file: parsed.file, framework: parsed.framework, sealed, checked: sealed ? 'seal' : parsed.file.checksum ? 'checksum' : 'unchecked' };
}
