import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/** A sealed inspection file: the file's text encrypted with a key derived from a passphrase. */
export const SEALED_FORMAT = 'fieldwork-sealed' as const;
/** What Fieldwork writes: scrypt at N = 2^17 (about 128 MB and a few hundred ms to derive the key). */
export const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
/**
 * The only key parameters accepted when opening: what this version writes and what the first sealed
 * files were written with. A hostile header cannot ask for minutes of work and gigabytes of memory
 * before "wrong passphrase".
 */
const ACCEPTED_KDF = [
  { N: 2 ** 17, r: 8, p: 1 },
  { N: 2 ** 15, r: 8, p: 1 },
] as const;
const TAG_BYTES = 16;
const IV_BYTES = 12;
const SALT_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

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
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
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
  if (!ACCEPTED_KDF.some((k) => k.N === e.kdf.N && k.r === e.kdf.r && k.p === e.kdf.p))
    throw new SealError('The sealed file asks for key parameters Fieldwork does not use: it was not sealed by Fieldwork, or it has been changed. Nothing was opened.');
  const bytes = (v: unknown, n: number | null): Buffer | null => (typeof v === 'string' && BASE64.test(v) && (n === null || Buffer.from(v, 'base64').length === n) ? Buffer.from(v, 'base64') : null);
  const salt = bytes(e.kdf.salt, SALT_BYTES);
  const iv = bytes(e.cipher.iv, IV_BYTES);
  // GCM's tag is fixed at its full 16 bytes: Node would otherwise accept a 4-byte tag, which a forger can guess.
  const tag = bytes(e.cipher.tag, TAG_BYTES);
  const data = bytes(e.data, null);
  if (!salt || !iv || !tag || !data) throw new SealError('The passphrase is wrong, or the file has been changed since it was sealed. Nothing was opened.');
  try {
    const key = await deriveKey(passphrase, salt, e.kdf);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(e));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('The passphrase is wrong, or the file has been changed since it was sealed. Nothing was opened.');
  }
}
