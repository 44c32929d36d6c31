import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, parseInspectionText, reportInputFromFile, type InspectionFile } from '../core';
import { PersonalDataError } from '../electron/report/privacy';
import { docxText, renderDocx, renderPdf } from '../electron/report/write';
import { chromiumPrinter } from './chromium-printer';
import { findChromium } from './find-chromium';

// Item 12 of issue 12: every variant of a name or CRN that leaked, run through .docx and PDF.

const raw = readFileSync(join(__dirname, 'fixtures', 'example-crc.fieldwork.json'), 'utf8');
// The browser the rest of the tests use (CHROMIUM_PATH, an installed one, or npm's): not a fixed path.
const CHROMIUM = findChromium().path;
const dir = mkdtempSync(join(tmpdir(), 'fieldwork-privacy-'));

/** The example inspection with people of our choosing in its sample, and inspectors' text. */
function report(people: { name: string; crn: string }[], text: { strengths?: string; improvements?: string; recommendation?: string }) {
  const parsed = parseInspectionText(raw, new FrameworkRegistry());
  if (!parsed.ok) throw new Error('fixture');
  const f: InspectionFile = parsed.file;
  people.forEach((p, i) => Object.assign(f.cases[i]!, p));
  f.reportText = { '2.1': { strengths: text.strengths ?? 'Assessment was thorough.', improvements: text.improvements ?? '' } };
  f.recommendations = [{ text: text.recommendation ?? 'Improve the analysis of risk of harm in assessments.' }];
  return reportInputFromFile(f, parsed.framework, '2019-06-30');
}

const PEOPLE = [
  { name: 'Liam Brennan', crn: 'X123456' },
  { name: 'Al Wu', crn: 'D654321' },
  { name: 'Zoë Brontë', crn: 'E111222' },
  { name: "Sean O'Neil", crn: 'F333444' },
  { name: 'Ann "Nan" Price', crn: 'G555666' },
  { name: 'Rosa & Lee', crn: 'H777888' },
];

const VARIANTS: [string, string][] = [
  ['the full name', 'We met Liam Brennan at the office.'],
  ['the name in capitals', 'Seen with LIAM BRENNAN present.'],
  ['surname with a title', 'The officer met Mr Brennan twice.'],
  ['surname with a title and a full stop', 'Work with Dr. Brennan was good.'],
  ['surname alone, capitalised mid-sentence', 'The officer saw Brennan weekly.'],
  ['initial and surname', 'Work with L. Brennan was good.'],
  ['initial without a full stop', 'Work with L Brennan was good.'],
  ['reversed name', 'Case of Brennan, Liam was reviewed.'],
  ['CRN as written', 'See X123456 for the plan.'],
  ['CRN with a space', 'See X 123456 for the plan.'],
  ['CRN with a hyphen', 'See X-123456 for the plan.'],
  ['CRN glued to a word', 'See caseX123456 for the plan.'],
  ['a name under three characters with a title', 'Mr Wu attended.'],
  ['a short full name', 'We met Al Wu there.'],
  ['NFD spelling', 'We met Zoe\u0308 Bronte\u0308 there.'],
  ['curly apostrophe', 'We met Sean O\u2019Neil there.'],
  ['zero-width space inside the name', 'We met Liam Bren\u200Bnan there.'],
  ['soft hyphen inside the name', 'We met Liam Bren\u00ADnan there.'],
  ['a name with quotes', 'We met Ann "Nan" Price there.'],
  ['a name with an ampersand', 'We met Rosa & Lee there.'],
  ['a name split across lines', 'We met Liam\nBrennan there.'],
  ['a surname hyphenated across lines', 'We met Liam Bren-\nnan there.'],
];

describe('the report privacy check', () => {
  it.each(VARIANTS)('refuses %s in .docx and PDF, naming the section and field to fix', async (_what, sentence) => {
    const { input, personal } = report(PEOPLE, { strengths: sentence });
    const docx = await renderDocx(input, personal).catch((e: unknown) => e);
    expect(docx).toBeInstanceOf(PersonalDataError);
    expect((docx as Error).message).toContain('Fix: Standard 2.1');
    expect((docx as Error).message).toContain('strengths');
    // The PDF is refused before Chromium is asked to print anything.
    let printed = false;
    const pdf = await renderPdf(input, personal, async () => {
      printed = true;
      return new Uint8Array();
    }).catch((e: unknown) => e);
    expect(pdf).toBeInstanceOf(PersonalDataError);
    expect(printed).toBe(false);
    // And the message never repeats the identifier.
    for (const p of PEOPLE) expect((docx as Error).message).not.toContain(p.name.split(' ').at(-1));
  });

  it('names the recommendation when that is where the name is', async () => {
    const { input, personal } = report(PEOPLE, { recommendation: 'Ask Ms Brennan about her plan.' });
    await expect(renderDocx(input, personal)).rejects.toThrow('Fix: Recommendations, recommendation 1.');
  });

  it('surnames that are ordinary words or ratings do not block a clean report; the written files hold no identifier', async () => {
    const people = [
      { name: 'Tom Good', crn: 'J100001' },
      { name: 'Amy Young', crn: 'J100002' },
      { name: 'Sam Wood', crn: 'J100003' },
    ];
    const text = {
      strengths: 'Young people were seen promptly. Good work was done on housing, and wood and metal workshops were used well; the rating is Good.',
      improvements: 'Work with young adults should be more consistent.',
      recommendation: 'Good practice in the Woodford office should be shared.',
    };
    const { input, personal } = report(people, text);
    const { bytes } = await renderDocx(input, personal);
    const words = await docxText(bytes);
    expect(words).toContain('Young people were seen promptly.');
    const pdf = await renderPdf(input, personal, chromiumPrinter(CHROMIUM));
    const pdfPath = join(dir, 'clean.pdf');
    writeFileSync(pdfPath, pdf.bytes);
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('Young people were seen promptly.');
    for (const p of people) {
      expect(words).not.toContain(p.name);
      expect(pdfText).not.toContain(p.name);
      expect(pdfText).not.toContain(p.crn);
    }
    // The same surnames where they read as names are refused.
    for (const sentence of ['We spoke to Mr Good.', 'Seen with A. Young weekly.', 'The officer visited Wood at home.']) {
      const r = report(people, { strengths: sentence });
      await expect(renderDocx(r.input, r.personal), sentence).rejects.toBeInstanceOf(PersonalDataError);
    }
  }, 60_000);

  it("checks the printed PDF's own text and properties, not only the HTML it was printed from", async () => {
    const { input, personal } = report(PEOPLE, {});
    const real = chromiumPrinter(CHROMIUM);
    // What the printer adds beyond the checked HTML: its page chrome, and the document's title property.
    const inChrome = await renderPdf(input, personal, (html, chrome) => real(html, { ...chrome, footerTemplate: `${chrome.footerTemplate}<span style="font-size:8px">Liam Brennan</span>` })).catch((e: unknown) => e);
    expect(inChrome).toBeInstanceOf(PersonalDataError);
    const inTitle = await renderPdf(input, personal, (html, chrome) => real(html.replace(/<title>/, '<title>X123456 '), chrome)).catch((e: unknown) => e);
    expect(inTitle).toBeInstanceOf(PersonalDataError);
    // The same printer with nothing added writes the PDF.
    const clean = await renderPdf(input, personal, real);
    expect(clean.bytes.byteLength).toBeGreaterThan(10_000);
  }, 60_000);
});
