import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, neutraliseFormulas, parseCsv, readSampleCsv, shippedFrameworks, toCsv, type ApiResult, type InspectionFile } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import type { MainServices } from '../services';

let main: MainProcess;
// Dialogs are cancelled: the fuzzing is of inputs, not of the file system.
const services: MainServices = { chooseSavePath: async () => null, chooseOpenPath: async () => null, printToPdf: async () => new Uint8Array(), today: () => '2019-06-30' };
beforeAll(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-hostile-')), user: 'Test Inspector', version: 't', log: { error: () => {} }, services });
});
afterAll(() => main.close());

const changes = () => (main.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

const base: InspectionFile = {
  formatVersion: 1,
  id: '3d0c7a52-8f5e-4c1b-9a3e-5b2f0c1d2e3f',
  framework: 'crc-2018',
  provider: { name: 'Fuzz CRC', type: 'CRC' },
  inspection: { fieldworkStart: '2019-01-01', fieldworkEnd: '2019-01-02' },
  cases: Array.from({ length: 4 }, (_, i) => ({ ref: `F-${i}`, crn: `X${i}`, attributes: { reviewDue: i % 2 === 0 }, answers: { '2.1.1': 'yes', '2.1.3': i ? 'no' : 'na' }, notes: { '2.1.3': 'n' } })),
  judgements: { '1.1': { rating: 'Good', rationale: 'r' } },
  overrides: { '2.1': { rating: 'Good', reason: 'panel' } },
  recommendations: [{ text: 'Improve.' }],
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a JSON tree. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return here;
}

function setAt(root: Json, path: (string | number)[], f: (old: Json | undefined) => Json | undefined): Json {
  if (path.length === 0) return f(root) ?? null;
  const [head, ...rest] = path;
  const copy: Json = Array.isArray(root) ? [...root] : { ...(root as Record<string, Json>) };
  const child = (copy as Record<string | number, Json>)[head!];
  const next = setAt(child as Json, rest, f);
  if (rest.length === 0 && f(child) === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete (copy as Record<string, Json>)[head as string];
  } else (copy as Record<string | number, Json>)[head!] = next;
  return copy;
}

let deep: Json = 'bottom';
for (let i = 0; i < 3000; i++) deep = [deep];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue() as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('huge' as const) }),
  fc.record({ kind: fc.constant('deep' as const) }),
  fc.record({ kind: fc.constant('unknown-question' as const), id: fc.constantFrom('2.1.9', '9.9.9', '2.1.1.z', '4.1.1', '1.1.1') }),
  fc.record({ kind: fc.constant('duplicate-case' as const) }),
  fc.record({ kind: fc.constant('proto' as const), key: fc.constantFrom('__proto__', 'constructor', 'prototype') }),
);

function mutate(file: Json, pick: number, m: fc.Arbitrary<unknown> extends never ? never : { kind: string; value?: Json; id?: string; key?: string }): string {
  const all = paths(file);
  const path = all[pick % all.length]!;
  switch (m.kind) {
    case 'replace':
      return JSON.stringify(setAt(file, path, () => m.value ?? null));
    case 'delete':
      return JSON.stringify(setAt(file, path, () => undefined));
    case 'huge':
      return JSON.stringify(setAt(file, path, () => 'x'.repeat(1_000_000)));
    case 'deep':
      return JSON.stringify(setAt(file, path, () => deep));
    case 'unknown-question':
      return JSON.stringify(setAt(file, ['cases', pick % 4, 'answers', m.id!], () => 'yes'));
    case 'duplicate-case': {
      const f = file as { cases: Json[] };
      return JSON.stringify({ ...f, cases: [...f.cases, f.cases[pick % f.cases.length]!] });
    }
    default: {
      // Written into the text, as a hostile file would carry it: an object literal cannot.
      const text = JSON.stringify(file);
      return text.replace('"answers":{', `"answers":{"${m.key}":{"polluted":true},`);
    }
  }
}

describe('hostile inspection files', () => {
  it('thousands of mutated files are each imported whole or refused with a message, never a crash; a refusal writes nothing', async () => {
    let imported = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
        const text = mutate(base as unknown as Json, pick, m);
        const before = changes();
        const inspections = main.store.listInspections().length;
        const r = (await main.dispatch({ command: 'exchange.import', input: { text, acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } } })) as ApiResult<{ inspectionId: string }>;
        if (r.ok) {
          imported++;
          expect(main.store.listInspections()).toHaveLength(inspections + 1);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        } else {
          refused++;
          expect(r.error.code).toBe('VALIDATION');
          expect(r.error.message.length).toBeGreaterThan(20);
          expect(changes()).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
    expect(imported).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(`hostile files: ${imported} imported whole, ${refused} refused`);
  }, 180_000);
});

describe('hostile IPC', () => {
  it('random and malformed payloads to every command are validation errors, never crashes or internal errors', async () => {
    const commands = Object.keys(contract);
    for (const command of commands) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything()), fc.jsonValue()), async (input) => {
          const r = (await main.dispatch({ command, input })) as ApiResult<unknown>;
          if (!r.ok) expect(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'PASSPHRASE_REQUIRED', 'UNAVAILABLE'], `${command}: ${r.error.message}`).toContain(r.error.code);
        }),
        { numRuns: 60 },
      );
    }
    for (const message of [null, 42, 'case.get', [], { command: 1 }, { command: 'case.get', input: 'x' }, { command: '__proto__' }, { command: 'constructor' }])
      expect(await main.dispatch(message)).toMatchObject({ ok: false });
  }, 120_000);
});

describe('hostile CSV', () => {
  const f = shippedFrameworks().get('crc-2018')!;
  it('any text gives rows or row-level errors, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.array(fc.string(), { maxLength: 16 }), { maxLength: 20 }).map((rows) => toCsv(rows)), fc.string().map((s) => `\uFEFFsample ref,gender\n${s}`)), (text) => {
        const r = readSampleCsv(text, f);
        expect(Array.isArray(r.rows) && Array.isArray(r.errors)).toBe(true);
        if (r.errors.length > 0) for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('what Fieldwork writes reads back, with every formula neutralised', () => {
    fc.assert(
      // A row of one empty cell is an empty line, which readers skip; leave those out.
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === '')), { minLength: 1, maxLength: 10 }), (rows) => {
        const back = parseCsv(toCsv(rows), ',').records.map((r) => r.fields);
        // Cells with spaces at either end are quoted when written, so they come back intact.
        expect(back).toEqual(rows.map((r) => r.map(neutraliseFormulas)));
        // No cell, nor any piece of one a spreadsheet might split off (tab, comma, semicolon, bar, line), starts a formula.
        for (const r of back) for (const c of r) for (const piece of c.split(/[\t\r\n,;|]/)) expect(piece.replace(/^[ \u00a0"]+/, '')).not.toMatch(/^[=+\-@]/);
      }),
      { numRuns: 1000 },
    );
  });
});
