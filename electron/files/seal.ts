import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/** A sealed inspection file: the file's text encrypted with a key derived from a passphrase. */
export const SEALED_FORMAT = 'fieldwork-sealed' as const;
const KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 } as const;

export class SealError extends Error {}

interface Envelope {
  format: typeof SEALED_FORMAT;
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  data: string;
}

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((ok, fail) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 128 * kdf.N * kdf.r * 2 }, (err, key) => (err ? fail(err) : ok(key))),
  );
}

/** The header is authenticated with the data, so changing the parameters is detected too. */
const aad = (e: Omit<Envelope, 'data' | 'cipher'> & { cipher: { name: string; iv: string } }) =>
  Buffer.from(JSON.stringify([e.format, e.version, e.kdf, e.cipher.name, e.cipher.iv]));

export async function seal(text: string, passphrase: string): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, KDF);
  const header = { format: SEALED_FORMAT, version: 1 as const, kdf: { ...KDF, salt: salt.toString('base64') }, cipher: { name: 'aes-256-gcm' as const, iv: iv.toString('base64') } };
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(header));
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const envelope: Envelope = { ...header, cipher: { ...header.cipher, tag: cipher.getAuthTag().toString('base64') }, data: data.toString('base64') };
  return `${JSON.stringify(envelope)}\n`;
}

export function isSealed(text: string): boolean {
  // Cheap test before parsing: sealed files start with their format marker.
  return text.trimStart().startsWith(`{"format":"${SEALED_FORMAT}"`);
}

/** Decrypts a sealed file; a wrong passphrase or any change to the file gives the same clear error, never partial data. */
export async function unseal(text: string, passphrase: string): Promise<string> {
  let e: Envelope;
  try {
    e = JSON.parse(text) as Envelope;
  } catch {
    throw new SealError('The sealed file is damaged: it is not valid JSON.');
  }
  if (e.format !== SEALED_FORMAT || e.version !== 1 || e.kdf?.name !== 'scrypt' || e.cipher?.name !== 'aes-256-gcm')
    throw new SealError('This sealed file is of a kind this version of Fieldwork cannot open.');
  if (![e.kdf.N, e.kdf.r, e.kdf.p].every((n) => Number.isInteger(n) && n > 0) || e.kdf.N > 2 ** 20 || e.kdf.r > 32 || e.kdf.p > 16)
    throw new SealError('The sealed file has unsafe key parameters and was not opened.');
  try {
    const key = await deriveKey(passphrase, Buffer.from(e.kdf.salt, 'base64'), e.kdf);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.cipher.iv, 'base64'));
    decipher.setAAD(aad(e));
    decipher.setAuthTag(Buffer.from(e.cipher.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(e.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('The passphrase is wrong, or the file has been changed since it was sealed. Nothing was opened.');
  }
}
