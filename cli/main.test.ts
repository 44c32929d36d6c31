import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, type InspectionFile, parseInspectionText, rateInspection, toInspectionInput } from '../core';
import { serialiseInspection } from '../electron/files/inspection-files';
import { seal } from '../electron/files/seal';
import { findChromium } from './find-chromium';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
const EXAMPLE = join(__dirname, 'fixtures', 'example-crc.fieldwork.json');
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-cli-'));

/** Runs the real `fieldwork` binary as a user would. */
function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeJson(name: string, data: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
}

const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & { cases: Record<string, unknown>[] };

describe('fieldwork validate', () => {
  it('accepts a valid file', () => {
    const r = fieldwork('validate', EXAMPLE);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: EXAMPLE, valid: true, framework: 'crc-2018', formatVersion: 1, cases: 20, changes: 0, sealed: false, checked: 'unchecked' });
    expect(r.stderr).toContain('has no checksum and is not sealed, so damage to it cannot be detected');
  });

  it.each([
    ['truncated', '{"formatVersion": 1, "framework": "crc-', '(root): not valid JSON'],
    ['wrong type', { ...example(), cases: 'none' }, 'cases:'],
    ['unknown question', { ...example(), cases: [{ ref: 'A', answers: { '2.1.9': 'yes' } }] }, 'cases[0].answers.2.1.9: crc-2018 has no question 2.1.9'],
    ['bad answer', { ...example(), cases: [{ ref: 'A', answers: { '2.1.1': 'maybe' } }] }, 'cases[0].answers.2.1.1'],
    ['question outside the sample', { ...example(), cases: [{ ref: 'A', sample: 'unpaid-work', answers: { '2.1.1': 'yes' } }] }, 'not rated from the unpaid-work sample'],
    ['duplicate refs', { ...example(), cases: [{ ref: 'A', answers: {} }, { ref: 'A', answers: {} }] }, 'cases[1].ref: duplicate case ref "A"'],
    ['newer format', { ...example(), formatVersion: 3 }, 'newer version of Fieldwork'],
    ['unknown framework', { ...example(), framework: 'crc-2031' }, 'framework: unknown framework "crc-2031"'],
    ['override without reason', { ...example(), overrides: { '2.1': { rating: 'Good', reason: ' ' } } }, 'overrides.2.1.reason: an override needs a reason'],
    ['prototype key', '{"formatVersion":1,"framework":"crc-2018","cases":[{"ref":"A","answers":{"__proto__":"yes"}}]}', 'cases[0].answers.__proto__'],
  ])('rejects %s with exit 2 and a path-precise message', (name, data, message) => {
    const r = fieldwork('validate', writeJson(`${name.replace(/ /g, '-')}.json`, data));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it('checks the checksum as the app does: a changed file is refused, an intact one is valid', () => {
    const registry = new FrameworkRegistry();
    const parsed = parseInspectionText(readFileSync(EXAMPLE, 'utf8'), registry);
    if (!parsed.ok) throw new Error('example');
    const intact = writeJson('checked.json', serialiseInspection(parsed.file));
    const ok = fieldwork('validate', intact);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, checked: 'checksum' });
    expect(ok.stderr).toBe('');
    // One answer changed by hand after export: the checksum no longer matches.
    const tampered = writeJson('tampered.json', readFileSync(intact, 'utf8').replace('"yes"', '"no"'));
    for (const command of ['validate', 'rate', 'qa']) {
      const r = fieldwork(command, tampered);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain('checksum: the file has been changed or damaged since it was exported (its checksum does not match)');
      expect(r.stdout).toBe('');
    }
  });

  it('reads sealed files with --passphrase-file or FIELDWORK_PASSPHRASE, and says what is missing otherwise', async () => {
    const text = serialiseInspection((parseInspectionText(readFileSync(EXAMPLE, 'utf8'), new FrameworkRegistry()) as { file: InspectionFile }).file);
    const sealedPath = writeJson('sealed.fieldwork.json', await seal(text, 'correct horse battery'));
    const pass = writeJson('pass.txt', 'correct horse battery\n');
    const byFile = fieldwork('validate', sealedPath, '--passphrase-file', pass);
    expect(byFile.code).toBe(0);
    expect(JSON.parse(byFile.stdout)).toMatchObject({ valid: true, cases: 20, sealed: true, checked: 'seal' });
    const byEnv = spawnSync(process.execPath, [BIN, 'rate', sealedPath], { encoding: 'utf8', env: { ...process.env, FIELDWORK_PASSPHRASE: 'correct horse battery' } });
    expect(byEnv.status).toBe(0);
    expect(JSON.parse(byEnv.stdout).framework.id).toBe('crc-2018');
    const none = fieldwork('validate', sealedPath);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the file is sealed; give its passphrase with --passphrase-file F or the FIELDWORK_PASSPHRASE variable');
    const wrong = fieldwork('validate', sealedPath, '--passphrase-file', writeJson('wrong.txt', 'not it'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase/i);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a file over 50 MB before reading it, as the app does', () => {
    const big = join(dir, 'big.fieldwork.json');
    writeFileSync(big, '');
    truncateSync(big, 51 * 1024 * 1024);
    const r = fieldwork('validate', big);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('inspection files are at most 50 MB. It was not read.');
  });

  it('reports a missing file', () => {
    const r = fieldwork('validate', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('rejects unknown commands and options', () => {
    expect(fieldwork('frobnicate').code).toBe(2);
    expect(fieldwork('rate', EXAMPLE, '--format', 'xml').stderr).toContain('--format must be json or table');
    expect(fieldwork('rate', EXAMPLE, '--colour', 'red').stderr).toContain('unknown option --colour');
    expect(fieldwork('report', EXAMPLE, '--out').stderr).toContain('--out needs a value');
  });
});

describe('fieldwork rate', () => {
  it('prints the engine result as JSON in the documented shape', () => {
    const r = fieldwork('rate', EXAMPLE);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const parsed = parseInspectionText(readFileSync(EXAMPLE, 'utf8'), new FrameworkRegistry());
    if (!parsed.ok) throw new Error('fixture invalid');
    const engine = rateInspection(parsed.framework, toInspectionInput(parsed.file));
    expect(out.framework).toEqual({ id: 'crc-2018', revision: '2019-07' });
    expect(out.overall).toEqual({ score: engine.overall.score, max: 30, rating: engine.overall.rating });
    const s41 = out.standards.find((s: { id: string }) => s.id === '4.1');
    expect(s41).toMatchObject({ kind: 'cases', rating: 'Good', computedRating: 'Outstanding', override: { rating: 'Good' } });
    const kq = out.standards.find((s: { id: string }) => s.id === '2.1').keyQuestions[2];
    expect(Object.keys(kq)).toEqual(['id', 'yes', 'no', 'notApplicable', 'unanswered', 'percent', 'band']);
    expect(kq).toEqual({ id: '2.1.3', yes: 6, no: 4, notApplicable: 0, unanswered: 0, percent: 60, band: 'Requires improvement' });
  });

  it('a missing judgement makes the overall rating null and says why', () => {
    const data = example();
    const path = writeJson('no-judgement.json', { ...data, judgements: {} });
    const out = JSON.parse(fieldwork('rate', path).stdout);
    expect(out.overall.rating).toBeNull();
    expect(out.warnings.join('\n')).toContain('1.1 Leadership has no rating yet');
  });

  it('prints a table for people', () => {
    const r = fieldwork('rate', EXAMPLE, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2\.1 Assessment\s+Requires improvement\s+2\.1\.1 80% \(8\/10\)/);
    expect(r.stdout).toContain('Overall: Requires improvement — 14 of 30');
  });

  it('rates with a framework file supplied on disk, thresholds and all', () => {
    const fw = JSON.parse(readFileSync(join(__dirname, '..', 'core', 'frameworks', 'data', 'crc-2018.json'), 'utf8'));
    // An inspectorate raising the Good threshold to 75% changes 2.1.2 (70%) from Good to Requires improvement.
    fw.rules.keyQuestionBands[1].minPercent = 75;
    const out = JSON.parse(fieldwork('rate', EXAMPLE, '--framework-file', writeJson('fw.json', fw)).stdout);
    expect(out.standards.find((s: { id: string }) => s.id === '2.1').keyQuestions[1].band).toBe('Requires improvement');
    fw.rules.keyQuestionBands[1].minPercent = 85;
    const bad = fieldwork('rate', EXAMPLE, '--framework-file', writeJson('bad-fw.json', fw));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rules.keyQuestionBands[1].minPercent: thresholds must fall band by band');
  });
});

describe('fieldwork report', () => {
  it('writes the Word report, refusing personal data', async () => {
    const out = join(dir, 'draft.docx');
    const r = fieldwork('report', EXAMPLE, '--out', out, '--date', '2019-06-30');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ written: [{ format: 'docx', path: out, bytes: statSync(out).size }] });
    const { docxText } = await import('../electron/report/write');
    const text = await docxText(readFileSync(out));
    expect(text).toContain('Ratings');
    expect(text).not.toContain('X100000');

    const leaky = example();
    (leaky as Record<string, unknown>).recommendations = [{ text: 'Speak to Person B again.' }];
    const refused = fieldwork('report', writeJson('leaky.json', leaky), '--out', join(dir, 'leaky.docx'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('would contain personal data');
    expect(existsSync(join(dir, 'leaky.docx'))).toBe(false);
  }, 120_000); // two CLI processes, each compiling on load: slow on a busy machine

  it('writes a PDF with every section, whose pages render', () => {
    const chromium = findChromium().path;
    const pdf = join(dir, 'draft.pdf');
    const r = fieldwork('report', EXAMPLE, '--pdf', pdf, '--chromium', chromium, '--date', '2019-06-30');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    // poppler-utils (pdftotext, pdftoppm) is installed by .ci/run.
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout).written).toEqual([{ format: 'pdf', path: pdf, bytes: statSync(pdf).size }]);
    const sections = ['Ratings', 'Recommendations', 'Contextual facts', '1. Organisational delivery', '2. Case supervision', '4. Unpaid work and Through the Gate', 'Annex 1: Methodology', 'Annex 2: Inspection results'];
    for (const s of sections) expect(text, s).toContain(s);
    expect(text).toContain('DRAFT — for factual accuracy checking — 30 June 2019');
    expect(text).not.toMatch(/X1000\d\d|Person [A-J]\b/);
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '3', pdf, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages).toHaveLength(3);
    for (const p of pages) expect(statSync(join(dir, p)).size).toBeGreaterThan(2_000);
  });

  it('--pdf without a Chromium says what to do', () => {
    const r = spawnSync(process.execPath, [BIN, 'report', EXAMPLE, '--pdf', join(dir, 'x.pdf')], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--pdf needs a Chromium');
  });
});

describe('fieldwork compare and league', () => {
  const later = () => {
    const d = example();
    (d as Record<string, unknown>).id = '7f3c1f7e-5a7b-4d0c-9a56-2f2d3c1b0a99';
    (d as Record<string, unknown>).inspection = { fieldworkStart: '2020-06-01', fieldworkEnd: '2020-06-12', status: 'final' };
    for (const c of d.cases) for (const q of Object.keys(c.answers as object)) (c.answers as Record<string, string>)[q] = 'yes';
    return writeJson('later.json', d);
  };

  it('compare prints the comparison as JSON', () => {
    const r = fieldwork('compare', EXAMPLE, later());
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.byTheme).toBe(false);
    expect(c.keyQuestions.find((k: { match: string }) => k.match === '2.1.3')).toMatchObject({ old: 60, new: 100, verdict: 'improved' });
    expect(c.standards.find((s: { match: string }) => s.match === '2.1')).toMatchObject({ direction: 'better' });
    expect(fieldwork('compare', EXAMPLE).code).toBe(2);
  });

  it('league prints the latest inspection per provider as JSON', () => {
    const r = fieldwork('league', EXAMPLE, later());
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'Example CRC', date: '2020-06-01', max: 30 });
  });
});
