import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './find-chromium';

// bin/fieldwork.cjs runs a bundle of the CLI (scripts/cli-bundle.cjs), built on first use and whenever
// a source changes. These run the real binary against a bundle folder of their own, starting empty.

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'fieldwork.cjs');
const EXAMPLE = join(__dirname, 'fixtures', 'example-crc.fieldwork.json');
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
// Inside the project, as the real one is (node_modules/.cache/fieldwork-cli): the bundle requires its native modules from there.
const cache = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'fieldwork-cli-test-'));
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-bundle-'));
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

// Loaded before the CLI, it writes down at exit every CommonJS module the process loaded.
const RECORDER = join(dir, 'record-modules.cjs');
writeFileSync(RECORDER, `process.on('exit', () => require('node:fs').writeFileSync(process.env.RECORD_TO, JSON.stringify(Object.keys(require.cache))));\n`);

function fieldwork(args: string[], record?: string) {
  const r = spawnSync(process.execPath, [...(record ? ['--require', RECORDER] : []), BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FIELDWORK_CLI_CACHE: cache, FIELDWORK_CLI_TRACE: '1', ...(record && { RECORD_TO: record }) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const loaded = (record: string) => JSON.parse(readFileSync(record, 'utf8')) as string[];
const fromPackage = (modules: string[], pkg: string) => modules.filter((m) => m.includes(`${join('node_modules', pkg)}/`));

describe('the fieldwork binary', () => {
  it('builds its bundle from a clean state, then runs the bundle it keeps, never compiling TypeScript', () => {
    expect(existsSync(join(cache, 'main.cjs'))).toBe(false);
    const record = join(dir, 'first.json');
    const first = fieldwork(['validate', EXAMPLE], record);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ valid: true, framework: 'crc-2018' });
    expect(first.stderr).toMatch(/fieldwork-cli: bundle .*main\.cjs \(built in \d+ ms\)/);
    const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/input.ts', 'core/index.ts', 'electron/report/privacy.ts', 'scripts/cli-bundle.cjs']));
    // PDF.js is in the bundle (and so in its code cache), not loaded from its own ES modules.
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['node_modules/pdfjs-dist/legacy/build/pdf.mjs', 'node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs']));
    expect(fromPackage(loaded(record), 'tsx')).toEqual([]);
    // All ASCII, so the binary may read it as Latin-1 (the same text, decoded far faster than UTF-8).
    expect(readFileSync(join(cache, 'main.cjs'), 'utf8')).not.toMatch(/[\u0080-\uffff]/);

    const built = statSync(join(cache, 'main.cjs')).mtimeMs;
    const second = fieldwork(['validate', EXAMPLE], record);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/fieldwork-cli: bundle .*main\.cjs \(cached\)/);
    // The first call left V8's code cache for the command; the second compiled from it.
    expect(first.stderr).toContain('code cache written at exit (validate)');
    expect(second.stderr).toContain('code cache used (validate)');
    expect(statSync(join(cache, 'main.cjs')).mtimeMs).toBe(built);
    const modules = loaded(record);
    expect(modules).toContain(join(cache, 'main.cjs'));
    expect(fromPackage(modules, 'tsx')).toEqual([]);
  });

  it('builds again when a file it was built from is not as it was', () => {
    fieldwork(['--help']);
    const path = join(cache, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { inputs: Record<string, string> };
    // As if cli/main.ts had been edited since (its size and modification time differ).
    manifest.inputs['cli/main.ts'] = '1:1';
    writeFileSync(path, JSON.stringify(manifest));
    const r = fieldwork(['validate', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(built in \d+ ms\)/);
    expect(fieldwork(['validate', EXAMPLE]).stderr).toMatch(/\(cached\)/);
    // A removed bundle folder is no different from a fresh clone.
    rmSync(cache, { recursive: true, force: true });
    const again = fieldwork(['rate', EXAMPLE]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\(built in \d+ ms\)/);
  });

  it('a code cache V8 cannot use (damaged, or from another Node) is written again, and the command still works', () => {
    fieldwork(['validate', EXAMPLE]);
    const [cacheFile] = readdirSync(cache).filter((f) => f.endsWith('.validate.v8cache'));
    expect(cacheFile).toBeDefined();
    writeFileSync(join(cache, cacheFile!), 'not a code cache');
    const r = fieldwork(['validate', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true });
    expect(r.stderr).toContain('code cache written at exit (validate)');
    expect(fieldwork(['validate', EXAMPLE]).stderr).toContain('code cache used (validate)');
  });

  it('loads only what a command needs: neither SQLite, the chart renderer nor Playwright to validate, no Playwright for a Word report or a PDF', () => {
    const validate = join(dir, 'validate.json');
    expect(fieldwork(['validate', EXAMPLE], validate).code).toBe(0);
    for (const pkg of ['better-sqlite3', '@resvg/resvg-js', 'playwright-core', 'tsx']) expect(fromPackage(loaded(validate), pkg), pkg).toEqual([]);

    const word = join(dir, 'word.json');
    const r = fieldwork(['report', EXAMPLE, '--out', join(dir, 'r.docx'), '--date', '2019-06-30'], word);
    expect(r.code).toBe(0);
    expect(fromPackage(loaded(word), '@resvg/resvg-js').length).toBeGreaterThan(0);
    for (const pkg of ['better-sqlite3', 'playwright-core']) expect(fromPackage(loaded(word), pkg), pkg).toEqual([]);

    // A PDF: Chromium driven directly, not through Playwright's client; no Word library's chart renderer.
    const pdf = join(dir, 'pdf.json');
    const p = fieldwork(['report', EXAMPLE, '--pdf', join(dir, 'r.pdf'), '--chromium', findChromium().path, '--date', '2019-06-30'], pdf);
    expect(p.code).toBe(0);
    expect(existsSync(join(dir, 'r.pdf'))).toBe(true);
    for (const pkg of ['better-sqlite3', 'playwright-core', '@resvg/resvg-js']) expect(fromPackage(loaded(pdf), pkg), pkg).toEqual([]);
  });

  it('--pdf with an inspection file that is not valid says so and ends (the browser it started is closed)', () => {
    const bad = join(dir, 'bad.fieldwork.json');
    writeFileSync(bad, '{"formatVersion": 1}');
    const r = spawnSync(process.execPath, [BIN, 'report', bad, '--pdf', join(dir, 'bad.pdf'), '--chromium', findChromium().path], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid inspection file');
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false);
  });
});
