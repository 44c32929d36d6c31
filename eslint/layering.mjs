// Fieldwork's local ESLint rules. `layering` keeps imports flowing one way, as VS Code's
// code-layering rule does: core <- db <- electron; renderer sees only core (and the API types in it).
import { builtinModules } from 'node:module';
import { basename, dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Which top-level folders each layer may import from (its own folder is always allowed). */
export const LAYERS = {
  core: [],
  db: ['core'],
  electron: ['core', 'db'],
  cli: ['core', 'db', 'electron'],
  renderer: ['core'],
  e2e: ['core', 'db', 'electron'],
  bench: ['core', 'db', 'electron', 'cli', 'e2e'],
};

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const pkg = (s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);

/** Packages a layer must not use, and why. */
const FORBIDDEN = {
  core: { node: 'core is pure TypeScript: no Node modules', electron: 'core cannot use Electron', 'better-sqlite3': 'core has no I/O', react: 'core has no UI', '@mui/material': 'core has no UI' },
  db: { electron: 'db runs under plain Node: Electron services are injected', react: 'db has no UI' },
  renderer: { node: 'the renderer is sandboxed: no Node modules', electron: 'the renderer reaches the main process only through window.api', 'better-sqlite3': 'the renderer has no database access' },
  electron: { react: 'the main process has no UI code' },
};

function layerOf(file) {
  const rel = relative(ROOT, file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

function check(context, node, source) {
  if (typeof source !== 'string') return;
  const file = context.filename;
  const layer = layerOf(file);
  if (!layer || !(layer in LAYERS)) return;
  if (source.startsWith('.')) {
    const target = layerOf(resolve(dirname(file), source));
    if (target === layer) return;
    if (!LAYERS[layer].includes(target))
      context.report({ node, message: `${layer}/ may not import from ${target ?? 'outside the project'}/ (allowed: ${[layer, ...LAYERS[layer]].join(', ')}).` });
    return;
  }
  // Tests may use Node to read fixtures and temp files; the layer rules above still apply to them.
  const forbidden = /\.test\.tsx?$/.test(file) ? {} : (FORBIDDEN[layer] ?? {});
  const name = pkg(source);
  if (NODE.has(source) && forbidden.node) context.report({ node, message: `${source}: ${forbidden.node}.` });
  else if (forbidden[name]) context.report({ node, message: `${name}: ${forbidden[name]}.` });
  // Only the thin shell imports electron: everything else takes Electron services injected.
  else if (layer === 'electron' && name === 'electron' && !relative(ROOT, file).startsWith(`electron${sep}shell${sep}`))
    context.report({ node, message: 'Only electron/shell/ imports electron; pass Electron services in instead.' });
}

const layering = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      ImportDeclaration: (n) => check(context, n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(context, n.source, n.source.value),
      ExportAllDeclaration: (n) => check(context, n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(context, n.source, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(context, n.arguments[0], n.arguments[0].value);
      },
    };
  },
};

/** Every file kebab-case, components included (the component inside stays PascalCase). */
const fileNames = {
  meta: { type: 'suggestion', schema: [] },
  create(context) {
    return {
      Program(node) {
        const name = basename(context.filename).replace(/(\.(test|spec|property\.test))?\.(ts|tsx|mjs|cjs|mts)$/, '');
        const ok = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*$/.test(name);
        if (!ok) context.report({ node, message: `Files are kebab-case: ${name}` });
      },
    };
  },
};

/**
 * One write path: SQL that writes (INSERT, UPDATE, DELETE, REPLACE) appears only in db/repositories/
 * (the statements the write path runs) and db/migrations/. Tests, the fixture seeds and the fixture
 * script build stores by hand on purpose and are exempt.
 */
const SQL_WRITE = /\b(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i;
const SQL_WRITE_ALLOWED = [`db${sep}repositories${sep}`, `db${sep}migrations${sep}`, `db${sep}fixtures${sep}`, `scripts${sep}`];
const sqlWrites = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const rel = relative(ROOT, context.filename);
    if (/\.(test|spec)\.tsx?$/.test(rel) || SQL_WRITE_ALLOWED.some((p) => rel.startsWith(p))) return {};
    const report = (node, text) => {
      if (SQL_WRITE.test(text))
        context.report({ node, message: 'SQL writes belong in db/repositories/: express the mutation as typed changes through applyChanges (db/write.ts).' });
    };
    return {
      Literal: (n) => typeof n.value === 'string' && report(n, n.value),
      TemplateLiteral: (n) => report(n, n.quasis.map((q) => q.value.cooked ?? '').join(' ')),
    };
  },
};

export const fieldworkPlugin = { rules: { layering, 'file-names': fileNames, 'sql-writes': sqlWrites } };
