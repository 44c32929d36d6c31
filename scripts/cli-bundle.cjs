'use strict';
// The command line's build. bin/fieldwork.cjs runs cli/main.ts and everything it imports as ONE
// CommonJS file bundled by esbuild, instead of compiling the TypeScript with tsx on every call (that
// compile was most of a command's start-up). The bundle lives in node_modules/.cache/fieldwork-cli
// beside a manifest of every file it was built from (esbuild's metafile) with each file's size and
// modification time; a call whose sources all match runs the bundle, any other call (a fresh clone, an
// edited source, a changed dependency) builds it again first, in about a second. So there is still no
// build step to forget, and tests that call the real binary run the bundle the inspector runs.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, relative, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const vm = require('node:vm');

const ROOT = resolve(__dirname, '..');
const ENTRY = 'cli/main.ts';
const BUNDLE = 'main.cjs';
const MANIFEST = 'manifest.json';
/** Bumped when the build's options change, so an older bundle is rebuilt. */
const FORMAT = 3;

/**
 * Left out of the bundle and required from node_modules when a command first uses them: native
 * addons (better-sqlite3, resvg), Playwright's client (large, used only by the tests' reference printer)
 * and Electron (never present under Node). PDF.js is bundled: loaded as the ES modules it ships, it was
 * compiled afresh on every --pdf (V8's code cache covers only this bundle), over a second on a busy machine.
 */
const EXTERNAL = ['better-sqlite3', '@resvg/resvg-js', 'playwright-core', 'electron'];

/** Where the bundle is kept: FIELDWORK_CLI_CACHE (a folder inside the project, for tests) or node_modules/.cache. */
function cacheDir(env = process.env) {
  return env.FIELDWORK_CLI_CACHE ? resolve(env.FIELDWORK_CLI_CACHE) : join(ROOT, 'node_modules', '.cache', 'fieldwork-cli');
}

function fingerprint(path) {
  const s = statSync(join(ROOT, path));
  return `${s.size}:${s.mtimeMs}`;
}

/** The manifest of a bundle still built from exactly the files on disk, or null. */
function currentManifest(dir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
  if (!manifest || manifest.format !== FORMAT || typeof manifest.inputs !== 'object') return null;
  for (const [path, fp] of Object.entries(manifest.inputs)) {
    try {
      if (fingerprint(path) !== fp) return null;
    } catch {
      return null; // a source was removed or renamed
    }
  }
  return manifest;
}

/** Bundles the CLI; returns its code and the manifest of its inputs (this file included: its options). */
function buildBundle() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    write: false,
    outfile: join(cacheDir(), BUNDLE),
    metafile: true,
    logLevel: 'silent',
    // PDF.js requires its optional canvas relative to its own import.meta.url, which a CommonJS bundle
    // lacks: the bundle's own address resolves the same package (pdf-text.ts puts a stand-in there).
    define: { 'import.meta.url': '__fieldworkBundleUrl' },
    banner: { js: 'var __fieldworkBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), relative(ROOT, __filename)]) inputs[path] = fingerprint(path);
  // esbuild escapes what is not ASCII in strings, but not in comments or regular expressions; written as
  // \u escapes there too (the same characters to JavaScript), the bundle is all ASCII, which Node reads
  // into a string of one byte a character: a tenth of the time, every call, of decoding other text.
  const code = result.outputFiles[0].text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { code, manifest: { format: FORMAT, entry: ENTRY, builtAt: new Date().toISOString(), inputs } };
}

/** Written under temporary names and renamed, so a concurrent call never reads half a file. */
function writeBundle(dir, code, manifest) {
  mkdirSync(dir, { recursive: true });
  const tmp = `.${process.pid}.${Date.now()}`;
  writeFileSync(join(dir, BUNDLE + tmp), code);
  renameSync(join(dir, BUNDLE + tmp), join(dir, BUNDLE));
  writeFileSync(join(dir, MANIFEST + tmp), `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(join(dir, MANIFEST + tmp), join(dir, MANIFEST));
  // Code caches of earlier bundles are of no further use.
  for (const f of readdirSync(dir)) if (f.endsWith('.v8cache')) rmSync(join(dir, f), { force: true });
}

/**
 * Runs the bundle with V8's code cache: the functions a command compiled the first time it ran (kept per
 * command, for this exact bundle: its name holds the bundle's hash) are not compiled again on later
 * calls, a tenth of a Word report's CPU time. A cache V8 rejects (another Node) is written again.
 */
function runWithCodeCache(dir, command, trace) {
  const file = join(dir, BUNDLE);
  // The bundle is all ASCII (buildBundle), so read as Latin-1 it is the same text, decoded in a
  // millisecond where decoding it as UTF-8 takes a tenth of a second of every call.
  const code = readFileSync(file, 'latin1');
  const cacheFile = join(dir, `${createHash('sha256').update(code, 'latin1').digest('hex').slice(0, 16)}.${command}.v8cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(code), { filename: file, cachedData });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(dir);
  Module._cache[file] = m;
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, dir);
  m.loaded = true;
  const used = cachedData !== undefined && !script.cachedDataRejected;
  trace(`code cache ${used ? 'used' : 'written at exit'} (${command})`);
  if (!used) {
    // At exit, so the cache holds what the command compiled as it ran, not only the bundle's top level.
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // A cache not written is only slower next time.
      }
    });
  }
  return m.exports;
}

/** The code cache's name for a call: its command, and for a report what it writes. */
function commandOf(argv) {
  const command = /^[a-z-]{1,20}$/.test(argv[0] ?? '') ? argv[0] : 'other';
  return command === 'report' ? `report${argv.includes('--out') ? '-docx' : ''}${argv.includes('--pdf') ? '-pdf' : ''}` : command;
}

function runBundle(dir, argv, trace) {
  try {
    return runWithCodeCache(dir, commandOf(argv), trace);
  } catch (e) {
    trace(`code cache not used (${e && e.message ? e.message : e})`);
    delete Module._cache[join(dir, BUNDLE)];
    return require(join(dir, BUNDLE));
  }
}

/** Runs code as a module at `filename` (resolving its requires from the project), without a file on disk. */
function compileInMemory(code, filename) {
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(ROOT);
  m._compile(code, filename);
  return m.exports;
}

/**
 * The CLI's exports (main), from the bundle: the cached one when it is current, else built now.
 * FIELDWORK_CLI_TRACE=1 says on stderr which it was (the tests check the binary runs the bundle).
 */
function loadCli(env = process.env, argv = process.argv.slice(2)) {
  const dir = cacheDir(env);
  const trace = env.FIELDWORK_CLI_TRACE === '1' ? (s) => process.stderr.write(`fieldwork-cli: ${s}\n`) : () => {};
  if (currentManifest(dir)) {
    trace(`bundle ${join(dir, BUNDLE)} (cached)`);
    return runBundle(dir, argv, trace);
  }
  const t = performance.now();
  let built;
  try {
    built = buildBundle();
  } catch (e) {
    // Never leave an inspector without the command: run from source as before, and say why.
    process.stderr.write(`fieldwork: could not bundle the command line (${e && e.message ? e.message.split('\n')[0] : String(e)}); running from source\n`);
    trace('source (tsx)');
    require('tsx/cjs/api').register();
    return require(join(ROOT, ENTRY));
  }
  try {
    writeBundle(dir, built.code, built.manifest);
  } catch (e) {
    trace(`bundle built in memory (${Math.round(performance.now() - t)} ms; not cached: ${e && e.code ? e.code : e})`);
    return compileInMemory(built.code, join(dir, BUNDLE));
  }
  trace(`bundle ${join(dir, BUNDLE)} (built in ${Math.round(performance.now() - t)} ms)`);
  return runBundle(dir, argv, trace);
}

/** `node scripts/cli-bundle.cjs [--clean]`: builds the bundle now (or removes it). */
if (require.main === module) {
  const dir = cacheDir();
  if (process.argv.includes('--clean')) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`removed ${dir}`);
  } else {
    const { code, manifest } = buildBundle();
    writeBundle(dir, code, manifest);
    console.log(`built ${join(dir, BUNDLE)} from ${Object.keys(manifest.inputs).length} files`);
  }
}

module.exports = { loadCli, cacheDir, currentManifest, EXTERNAL };
