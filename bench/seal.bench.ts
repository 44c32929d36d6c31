import { createCipheriv, randomBytes } from 'node:crypto';
import { KDF, seal, unseal } from '../electron/files/seal';
import { time, type Row } from './measure';

/**
 * Sealing costs one scrypt key derivation (N = 2^17, r = 8, p = 1: about 128 MB); the floor beside it is
 * AES-256-GCM over the same text with a ready key, measured in the same run.
 */
export async function sealBenchmarks(): Promise<Row[]> {
  // A realistic inspection file's size: about 300 cases of answers and notes.
  const text = JSON.stringify({ cases: Array.from({ length: 300 }, (_, i) => ({ ref: `CS-${i}`, answers: Object.fromEntries(Array.from({ length: 40 }, (_, q) => [`2.${q}`, 'yes'])), notes: { '2.1': 'Evidence. '.repeat(20) } })) });
  const passphrase = 'correct horse battery staple';
  const sealed = await seal(text, passphrase);
  const sealMs = (await time(() => seal(text, passphrase), 5, 1)).p50;
  const unsealMs = (await time(() => unseal(sealed, passphrase), 5, 1)).p50;
  const key = randomBytes(32);
  const floorMs = (
    await time(() => {
      const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
      return Buffer.concat([c.update(text, 'utf8'), c.final()]);
    }, 20, 3)
  ).p50;
  return [
    { id: 'seal.seal-300-cases', name: `seal a 300-case file (scrypt N=2^${Math.log2(KDF.N)}, p50)`, value: sealMs, unit: 'ms', note: `${(text.length / 1e6).toFixed(1)} MB of text` },
    { id: 'seal.unseal-300-cases', name: `unseal a 300-case file (scrypt N=2^${Math.log2(KDF.N)}, p50)`, value: unsealMs, unit: 'ms' },
    { id: 'seal.floor-aes-gcm', name: 'floor: AES-256-GCM of the same text, key ready (p50)', value: floorMs, unit: 'ms' },
  ];
}
