import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameworkRegistry, allStandards, parseInspectionText, reportInputFromFile, reportRules, shippedFrameworks, type Framework, type ReportModel } from '../core';
import { reportInspectionFile } from '../core/testing/report-inspection';
import { renderPdf, type PdfPrinter } from '../electron/report/write';
import { startChromiumPrinter } from './cdp-printer';
import { PDF_OPTIONS } from './chromium-printer';
import { findChromium } from './find-chromium';

const dir = mkdtempSync(join(tmpdir(), 'fieldwork-pdf-'));
const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
// The browser the rest of the tests use (CHROMIUM_PATH, an installed one, or npm's): not a fixed path.
const CHROMIUM = findChromium().path;
let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
});

/** The CLI's own page options, on one browser for the whole file. */
const printer: PdfPrinter = async (html, chrome) => {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    await page.setContent(html);
    return await page.pdf({ ...PDF_OPTIONS, ...chrome });
  } finally {
    await page.close();
  }
};

/** pdftotext's pages (form-feed separated), each as trimmed non-empty lines. */
function pdfPages(bytes: Uint8Array, name: string): string[][] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim())
    .map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Every heading the report prints: section and part titles and the headings inside them. */
function headings(m: ReportModel): Set<string> {
  const out = new Set<string>();
  for (const s of m.sections) {
    out.add(s.title);
    for (const p of s.parts) {
      out.add(p.title);
      for (const b of p.blocks) if (b.kind === 'heading') out.add(b.text);
    }
    for (const b of s.blocks) if (b.kind === 'heading') out.add(b.text);
  }
  return out;
}

function report(f: Framework, filled: boolean) {
  const parsed = parseInspectionText(JSON.stringify(reportInspectionFile(f, { filled })), new FrameworkRegistry());
  if (!parsed.ok) throw new Error('generated file invalid');
  return reportInputFromFile(parsed.file, parsed.framework, '2019-06-30');
}

describe('the PDF report, read back', () => {
  it.each([...shippedFrameworks().values()].flatMap((f) => [[f.id, 'filled', f, true] as const, [f.id, 'empty', f, false] as const]))(
    '%s (%s): the marking, the draft marking and "Page N of M" on every page, every section in order, no heading stranded at a page foot',
    async (_id, _kind, f, filled) => {
      const { input, personal } = report(f, filled);
      const { bytes, model } = await renderPdf(input, personal, printer);
      const pages = pdfPages(bytes, `${f.id}-${filled}.pdf`);
      expect(pages.length).toBeGreaterThan(10);
      const heads = headings(model);
      pages.forEach((lines, i) => {
        const text = lines.join('\n');
        expect(text, `page ${i + 1}`).toContain('OFFICIAL-SENSITIVE');
        expect(text, `page ${i + 1}`).toContain('DRAFT — for factual accuracy checking — 30 June 2019');
        expect(text, `page ${i + 1}`).toMatch(new RegExp(`Page ${i + 1} of ${pages.length}\\b`));
        // The page's last line of body text (before the footer) must not be a heading.
        const body = lines.filter((l) => !l.includes('OFFICIAL-SENSITIVE') && !l.includes('DRAFT — for factual accuracy checking'));
        const last = body.at(-1) ?? '';
        if (body[0] === 'Contents') return; // the contents list names every heading; it is not one
        expect(heads.has(last), `page ${i + 1} ends with the heading "${last}"`).toBe(false);
      });
      const all = pages.flat().join('\n');
      // Past the contents page, each section title is a line of its own, in the framework's order.
      const body = pages.filter((p) => !p.includes('Contents') || p.indexOf('Contents') > 2).flat();
      let at = -1;
      const titles = reportRules(f).sections.flatMap((s) => (s.id === 'domains' ? f.domains.map((d) => `${d.id}. ${d.name}`) : model.sections.some((x) => x.id === s.id) && s.id !== 'contents' ? [s.title] : []));
      for (const t of titles) {
        const next = body.indexOf(t, at + 1);
        expect(next, t).toBeGreaterThan(at);
        at = next;
      }
      if (filled) expect(all).not.toContain('[To be written');
      else expect(all).toContain("[To be written: the Chief Inspector's foreword]");
      for (const s of allStandards(f)) expect(all).toContain(`${s.id} ${s.name}`);
    },
    60_000,
  );

  it('the CLI writes the same PDF from a file and prints what it wrote as JSON', () => {
    const f = shippedFrameworks().get('pdu-2021')!;
    const file = join(dir, 'pdu.json');
    writeFileSync(file, JSON.stringify(reportInspectionFile(f, { filled: true })));
    const pdf = join(dir, 'pdu.pdf');
    const r = spawnSync(process.execPath, [BIN, 'report', file, '--pdf', pdf, '--chromium', CHROMIUM, '--date', '2019-06-30'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).written[0]).toMatchObject({ format: 'pdf', path: pdf });
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Filled report title for pdu-2021');
    expect(text).toContain('Executive summary');
    expect(text).toContain('Annex 4: Glossary');
  }, 120_000);

  it.each(['crc-2018', 'pdu-2023'])(
    "%s: the CLI's printer (Chromium over its DevTools pipe, without Playwright) prints the pages Playwright's page.pdf prints, and leaves nothing behind",
    async (id) => {
      const f = shippedFrameworks().get(id)!;
      const { input, personal } = report(f, true);
      const reference = pdfPages((await renderPdf(input, personal, printer)).bytes, `${id}-playwright.pdf`);
      const temp = mkdtempSync(join(dir, 'temp-'));
      const cli = startChromiumPrinter(CHROMIUM, { tempDir: temp });
      try {
        const pages = pdfPages((await renderPdf(input, personal, cli.print)).bytes, `${id}-cli.pdf`);
        expect(pages.length).toBe(reference.length);
        pages.forEach((lines, i) => expect(lines, `page ${i + 1}`).toEqual(reference[i]));
      } finally {
        await cli.close();
      }
      // Its browser profile is removed when it closes.
      expect(readdirSync(temp)).toEqual([]);
    },
    60_000,
  );

  it("the CLI's printer runs one renderer, the page it prints: no browser pages preloaded beside it", async () => {
    // Chromium preloads its omnibox popups (web pages, each in a renderer of its own) as soon as a page
    // opens, and keeps a spare renderer: about half a second of CPU a print competed with. The
    // renderers are counted from the processes' command lines (their profile folder is this test's).
    const temp = mkdtempSync(join(dir, 'renderers-'));
    const renderers = () =>
      readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .map((pid) => {
          try {
            // A renderer forked from Chromium's zygote rewrites its command line as one string.
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
          } catch {
            return ''; // ended meanwhile
          }
        })
        .filter((args) => args.includes('--type=renderer') && args.includes(`--user-data-dir=${temp}`)).length;
    const cli = startChromiumPrinter(CHROMIUM, { tempDir: temp });
    try {
      await cli.ready();
      expect(renderers()).toBe(1);
      const bytes = await cli.print('<h1>Report</h1><p>Text</p>', { headerTemplate: '<span></span>', footerTemplate: '<span></span>' });
      expect(pdfPages(bytes, 'renderers.pdf').flat()).toEqual(['Report', 'Text']);
    } finally {
      await cli.close();
    }
  });

  it("the CLI's printer for one print closes its browser as soon as the PDF is back, and a second print is refused", async () => {
    const temp = mkdtempSync(join(dir, 'once-'));
    const cli = startChromiumPrinter(CHROMIUM, { tempDir: temp, once: true });
    const chrome = { headerTemplate: '<span></span>', footerTemplate: '<span></span>' };
    try {
      expect(pdfPages(await cli.print('<p>Only</p>', chrome), 'once.pdf').flat()).toEqual(['Only']);
      await expect(cli.print('<p>Again</p>', chrome)).rejects.toThrow('Chromium was closed after its one print');
    } finally {
      await cli.close();
    }
    expect(readdirSync(temp)).toEqual([]);
  });

  it("the CLI's printer makes no request, even for a picture the page names", async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const cli = startChromiumPrinter(CHROMIUM);
    try {
      const bytes = await cli.print(`<p>Before</p><img src="http://127.0.0.1:${port}/chart.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/s.css"><p>After</p>`, { headerTemplate: '<span></span>', footerTemplate: '<span></span>' });
      expect(pdfPages(bytes, 'offline.pdf').flat()).toEqual(['Before', 'After']);
    } finally {
      await cli.close();
      server.close();
    }
    expect(requests).toBe(0);
  });

  it("the CLI's printer says which Chromium could not start, and closes cleanly", async () => {
    const missing = join(dir, 'no-such-chromium');
    expect(existsSync(missing)).toBe(false);
    const cli = startChromiumPrinter(missing);
    await expect(cli.print('<p>x</p>', { headerTemplate: '', footerTemplate: '' })).rejects.toThrow(`Chromium (${missing}) could not start`);
    await cli.close();
  });
});

