import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { type FrameworkRegistry, type InspectionFile, type ParseResult, canonicalJson, parseInspectionText } from '../../core';

/** Larger files are refused before being read: no real inspection comes near this. */
export const MAX_INSPECTION_FILE_BYTES = 50 * 1024 * 1024;

export function checksumOf(file: InspectionFile): string {
  const { checksum: _omit, ...content } = file;
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

/** The file's text, sealed with its checksum. */
export function serialiseInspection(file: InspectionFile): string {
  const { checksum: _omit, ...content } = file;
  return `${JSON.stringify({ ...content, checksum: checksumOf(file) }, null, 2)}\n`;
}

/** Parses and checks a file's text, including its checksum when it has one. */
export function readInspection(text: string, registry: FrameworkRegistry): ParseResult {
  const parsed = parseInspectionText(text, registry);
  if (!parsed.ok || !parsed.file.checksum) return parsed;
  if (checksumOf(parsed.file) !== parsed.file.checksum)
    return { ok: false, issues: [{ path: 'checksum', message: 'the file has been changed or damaged since it was exported (its checksum does not match)' }] };
  return parsed;
}

export class FileTooLargeError extends Error {
  constructor(bytes: number) {
    super(`The file is ${(bytes / 1024 / 1024).toFixed(0)} MB; inspection files are at most ${MAX_INSPECTION_FILE_BYTES / 1024 / 1024} MB. It was not read.`);
  }
}

/** Reads a file from disk as UTF-8, refusing oversized files before reading them. */
export async function readTextFile(path: string, limit = MAX_INSPECTION_FILE_BYTES): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new FileTooLargeError(size);
    return await handle.readFile({ encoding: 'utf8' });
  } finally {
    await handle.close();
  }
}
