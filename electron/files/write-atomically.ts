import { rename, writeFile } from 'node:fs/promises';

/** Writes beside the target and renames, so a crash never leaves half a file under the chosen name. */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
