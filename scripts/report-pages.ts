// npx tsx scripts/report-pages.ts — renders the README's report page images (docs/screenshots/report-*.png):
// one page of each kind, from the Word file as LibreOffice lays it out and from the PDF, for a filled
// crc-2018 inspection. Needs LibreOffice (soffice), poppler-utils and Chromium.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedFrameworks } from '../core';
import { reportInspectionFile } from '../core/testing/report-inspection';

const root = join(__dirname, '..');
const out = join(root, 'docs', 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-pages-'));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const file = reportInspectionFile(shippedFrameworks().get('crc-2018')!, { filled: true, casesPerSample: 20 });
// Readable sample text rather than the test markers.
file.provider = { name: 'Example CRC', type: 'CRC', owner: 'Example Rehabilitation Ltd', region: 'East' };
file.inspection = { ...file.inspection, title: 'An inspection of probation services in Example CRC' };
const path = join(dir, 'example.fieldwork.json');
writeFileSync(path, JSON.stringify(file));
execFileSync(process.execPath, [join(root, 'bin', 'fieldwork.cjs'), 'report', path, '--out', join(dir, 'r.docx'), '--pdf', join(dir, 'r.pdf'), '--chromium', chromium, '--date', '2019-06-30']);
execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), join(dir, 'r.docx')], { stdio: 'ignore' });

/** The first page whose text has every needle, 1-based. */
function pageWith(pdf: string, ...needles: string[]): number {
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
  const i = pages.findIndex((p) => needles.every((n) => p.includes(n)));
  if (i < 0) throw new Error(`no page of ${pdf} has ${needles.join(' + ')}`);
  return i + 1;
}

const kinds: [string, string[]][] = [
  ['cover', ['Inspection', 'Details', 'Overall rating']],
  ['ratings', ['Standard', 'Overall rating', 'Recommendations']],
  ['domain-1', ['1.1 Leadership', 'Rationale']],
  ['case-standard', ['2.1 Assessment', 'Findings', 'Commentary']],
  ['methodology', ['Annex 1: Methodology', 'Fieldwork took place']],
  ['results', ['Annex 2: Inspection results', 'Base (yes of']],
];
for (const f of readdirSync(out).filter((n) => /^report-(docx|pdf)-.*\.png$/.test(n))) rmSync(join(out, f));
for (const [source, pdf] of [
  ['docx', join(dir, 'lo', 'r.pdf')],
  ['pdf', join(dir, 'r.pdf')],
] as const) {
  for (const [kind, needles] of kinds) {
    const n = pageWith(pdf, ...needles);
    const prefix = join(dir, `${source}-${kind}`);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(n), '-l', String(n), '-singlefile', pdf, prefix]);
    copyFileSync(`${prefix}.png`, join(out, `report-${source}-${kind}.png`));
    console.log(`report-${source}-${kind}.png: page ${n}`);
  }
}
