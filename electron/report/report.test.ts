import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrameworkRegistry, findingSentence, parseInspectionText, reportInputFromFile, type InspectionFile } from '../../core';
import { PersonalDataError, findPersonalData } from './privacy';
import { docxText, renderDocx, renderHtml } from './write';

const raw = readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');
function example(mutate: (f: InspectionFile) => void = () => {}) {
  const parsed = parseInspectionText(raw, new FrameworkRegistry());
  if (!parsed.ok) throw new Error('fixture');
  mutate(parsed.file);
  return reportInputFromFile(parsed.file, parsed.framework, '2019-06-30');
}

/** Paragraph texts of word/document.xml, in order. */
async function paragraphs(docx: Uint8Array): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
}

describe('Word report', () => {
  it('carries the engine numbers: ratings table, every key question percentage and the findings sentences', async () => {
    const { input, personal } = example();
    const { bytes } = await renderDocx(input, personal);
    const paras = await paragraphs(bytes);
    const text = paras.join('\n');
    // Summary of ratings: each standard's row is two cells (two paragraphs) in order.
    for (const s of input.result.standards) {
      const i = paras.indexOf(`${s.id} ${s.name}`);
      expect(i, s.id).toBeGreaterThan(-1);
      expect(paras[i + 1]).toBe(s.rating ?? 'Not yet rated');
    }
    expect(text).toContain(`Overall rating\n${input.result.overall.rating} (score ${input.result.overall.score} of ${input.result.overall.max})`);
    for (const s of input.result.standards)
      for (const k of s.keyQuestions) {
        expect(text).toContain(findingSentence(s, k));
        // Annex: id, question text, result and base in consecutive cells.
        const at = paras.indexOf(k.id);
        expect(at, k.id).toBeGreaterThan(-1);
        expect(paras[at + 2]).toBe(k.percent === null ? '–' : `${Math.round(k.percent)}%`);
        expect(paras[at + 3]).toBe(`${k.yes} of ${k.applicable}`);
      }
    expect(text).toContain('Assessment focused sufficiently on keeping other people safe in 6 of 10 cases (60%).');
    expect(text).toContain('Improve the analysis of risk of harm in assessments.'); // the recommendation, numbered by Word's list
    expect(text).toContain('DRAFT — for factual accuracy checking — 30 June 2019');
  });

  it('has real headings, header rows and charts with alt text', async () => {
    const { input, personal } = example();
    const { bytes, model } = await renderDocx(input, personal);
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)?.length).toBeGreaterThanOrEqual(7);
    expect(xml).toContain('<w:tblHeader/>');
    const charts = model.chapters.flatMap((c) => c.standards).filter((s) => s.chart);
    expect(charts.length).toBe(6);
    const descr = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(descr).toHaveLength(charts.length);
    for (const d of descr) expect(d).toMatch(/^Bar chart of the key questions for /);
    const images = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(images).toHaveLength(charts.length);
    const png = await zip.file(images[0]!)!.async('uint8array');
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('never contains a CRN or name, even though the notes mention them', async () => {
    const { input, personal } = example();
    expect(raw).toContain('Note mentioning Person A'); // the fixture's notes name people…
    const { bytes } = await renderDocx(input, personal);
    const text = await docxText(bytes);
    for (const id of [...personal.crns, ...personal.names]) expect(text).not.toContain(id); // …the report does not
    expect(findPersonalData(text, personal)).toEqual([]);
  });

  it('refuses to write a report whose own text carries personal data', async () => {
    const { input, personal } = example((f) => {
      f.reportText = { '2.1': { strengths: 'Good work with Person C on housing.', improvements: '' } };
      f.recommendations = [{ text: 'Review case X100003 urgently.' }];
    });
    await expect(renderDocx(input, personal)).rejects.toBeInstanceOf(PersonalDataError);
    expect(() => renderHtml(input, personal)).toThrow(PersonalDataError);
    const err = await renderDocx(input, personal).catch((e: PersonalDataError) => e);
    expect((err as PersonalDataError).found.sort()).toEqual(['CRN X100003', 'name Person C']);
    expect((err as Error).message).not.toContain('Person C'); // the message itself does not repeat it
  });

  it('matches whole words only', () => {
    expect(findPersonalData('the person and their family', { crns: [], names: ['Person A'] })).toEqual([]);
    expect(findPersonalData('seen by person  a.', { crns: [], names: ['Person A'] })).toEqual(['name Person A']);
  });
});
