'use strict';
// The command line's build. bin/fieldwork.cjs runs cli/main.ts and everything it imports as ONE
// CommonJS file bundled by esbuild, instead of compiling the TypeScript with tsx on every call (that
// compile was most of a command's start-up). The bundle lives in node_modules/.cache/fieldwork-cli
// beside a manifest of every file it was built from (esbuild's metafile) with each file's size and
// modification time; a call whose sources all match runs the bundle, any other call (a fresh clone, an
// edited source, a changed dependency) builds it again first, in about a second. So there is still no
// build step to forget, and tests that call the real binary run the bundle the inspector runs.
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, relative, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = resolve(__dirname, '..');
const ENTRY = 'cli/main.ts';
const BUNDLE = 'main.cjs';
const MANIFEST = 'manifest.json';
/** Bumped when the build's options change, so an older bundle is rebuilt. */
const FORMAT = 1;

/**
 * Left out of the bundle and required from node_modules when a command first uses them: native
 * addons (better-sqlite3, resvg), ESM with its own worker (pdfjs-dist), Playwright's client (large, used
 * only for --pdf) and Electron (never present under Node).
 */
const EXTERNAL = ['better-sqlite3', '@resvg/resvg-js', 'pdfjs-dist', 'playwright-core', 'electron'];

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
  });
  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), relative(ROOT, __filename)]) inputs[path] = fingerprint(path);
  return { code: result.outputFiles[0].text, manifest: { format: FORMAT, entry: ENTRY, builtAt: new Date().toISOString(), inputs } };
}

/** Written under temporary names and renamed, so a concurrent call never reads half a file. */
function writeBundle(dir, code, manifest) {
  mkdirSync(dir, { recursive: true });
  const tmp = `.${process.pid}.${Date.now()}`;
  writeFileSync(join(dir, BUNDLE + tmp), code);
  renameSync(join(dir, BUNDLE + tmp), join(dir, BUNDLE));
  writeFileSync(join(dir, MANIFEST + tmp), `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(join(dir, MANIFEST + tmp), join(dir, MANIFEST));
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
function loadCli(env = process.env) {
  const dir = cacheDir(env);
  const trace = env.FIELDWORK_CLI_TRACE === '1' ? (s) => process.stderr.write(`fieldwork-cli: ${s}\n`) : () => {};
  if (currentManifest(dir)) {
    trace(`bundle ${join(dir, BUNDLE)} (cached)`);
    return require(join(dir, BUNDLE));
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
  return require(join(dir, BUNDLE));
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
