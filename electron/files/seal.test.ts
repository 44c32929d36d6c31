import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KDF, SealError, seal, unseal } from './seal';

// Item 10 of issue 12: what a sealed file's header may ask for.

const PASS = 'correct horse battery staple';

/** A sealed file made by hand, so the header can say what Fieldwork never writes. */
function handSealed(text: string, o: { N: number; r?: number; p?: number; tagBytes?: number }): string {
  const kdf = { name: 'scrypt', N: o.N, r: o.r ?? 8, p: o.p ?? 1, salt: randomBytes(16).toString('base64') };
  const iv = randomBytes(12);
  const key = scryptSync(PASS.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 });
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: o.tagBytes ?? 16 });
  cipher.setAAD(Buffer.from(JSON.stringify(['fieldwork-sealed', 1, kdf, 'aes-256-gcm', iv.toString('base64')])));
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return JSON.stringify({ format: 'fieldwork-sealed', version: 1, kdf, cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') }, data: data.toString('base64') });
}

describe('sealed files', () => {
  it('are written with scrypt N = 2^17 (r 8, p 1) and open again', async () => {
    const sealed = await seal('{"hello":"world"}', PASS);
    expect(JSON.parse(sealed).kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(KDF.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(await unseal(sealed, PASS)).toBe('{"hello":"world"}');
  });

  it('files sealed by the first version (N = 2^15) still open', async () => {
    expect(await unseal(handSealed('old', { N: 2 ** 15 }), PASS)).toBe('old');
  });

  it('a GCM tag shorter than 16 bytes is refused, even when it authenticates', async () => {
    const short = handSealed('forged', { N: 2 ** 15, tagBytes: 4 });
    await expect(unseal(short, PASS)).rejects.toThrow(SealError);
    await expect(unseal(short, PASS)).rejects.toThrow('The passphrase is wrong, or the file has been changed');
  });

  it.each([
    ['a smaller N', { N: 2 ** 14 }],
    ['a larger r', { N: 2 ** 15, r: 16 }],
    ['a larger p', { N: 2 ** 15, p: 2 }],
  ])('key parameters Fieldwork does not write (%s) are refused before any key is derived', async (_what, params) => {
    const file = handSealed('x', params);
    await expect(unseal(file, PASS)).rejects.toThrow('asks for key parameters Fieldwork does not use');
  });

  it('a hostile header asking for gigabytes is refused at once, without deriving', async () => {
    const e = JSON.parse(handSealed('x', { N: 2 ** 15 }));
    e.kdf = { ...e.kdf, N: 2 ** 22, r: 32, p: 16 };
    await expect(unseal(JSON.stringify(e), PASS)).rejects.toThrow('asks for key parameters Fieldwork does not use');
  });
});
