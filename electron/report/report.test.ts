import JSZip from 'jszip';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_FACT_INFO,
  CONTEXT_FACT_KEYS,
  FrameworkRegistry,
  INSPECTION_TEXT_INFO,
  INSPECTION_TEXT_KEYS,
  RATING_PRINT,
  RATINGS,
  allStandards,
  buildReportModel,
  parseInspectionText,
  questionIndex,
  renderReportHtml,
  reportInputFromFile,
  reportRules,
  shippedFrameworks,
  type Framework,
  type InspectionFile,
  type ReportModel,
} from '../../core';
import { reportInspectionFile } from '../../core/testing/report-inspection';
import { PersonalDataError, findPersonalData } from './privacy';
import { chartPng, fontsForCharts } from './docx';
import { docxText, renderDocx, renderHtml } from './write';

const raw = readFileSync(join(__dirname, '..', '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');
function example(mutate: (f: InspectionFile) => void = () => {}) {
  const parsed = parseInspectionText(raw, new FrameworkRegistry());
  if (!parsed.ok) throw new Error('fixture');
  mutate(parsed.file);
  return reportInputFromFile(parsed.file, parsed.framework, '2019-06-30');
}

/** A generated file, checked by the real parser as an imported file would be. */
function generated(f: Framework, filled: boolean, mutate: (file: InspectionFile) => void = () => {}) {
  const file = reportInspectionFile(f, { filled });
  mutate(file);
  const parsed = parseInspectionText(JSON.stringify(file), new FrameworkRegistry());
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return reportInputFromFile(parsed.file, parsed.framework, '2019-06-30');
}

interface Para {
  style: string | null;
  text: string;
  xml: string;
}

async function parts(docx: Uint8Array) {
  const zip = await JSZip.loadAsync(docx);
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const names = Object.keys(zip.files);
  return {
    names,
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    numbering: await read('word/numbering.xml'),
    footers: await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read)),
    headers: await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read)),
  };
}

/** Paragraphs of a part, in order, with their style. */
function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    xml: m[0],
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[0])?.[1] ?? null,
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
  }));
}

/** The tables of document.xml, each as its XML and its rows of cell texts. */
function tables(xml: string) {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => ({
    xml: m[0],
    rows: [...m[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => ({ xml: c[0], text: paragraphs(c[0]).map((p) => p.text).join('\n') }))),
  }));
}

/** The section titles a framework's report prints, in its published order. */
function expectedSections(f: Framework, m: ReportModel): string[] {
  return reportRules(f).sections.flatMap((s) =>
    s.id === 'domains' ? f.domains.map((d) => `${d.id}. ${d.name}`) : s.id === 'previous-recommendations' && !m.sections.some((x) => x.id === s.id) ? [] : [s.title],
  );
}

const frameworks = [...shippedFrameworks().values()];

describe('the Word report, read back', () => {
  it.each(frameworks.map((f) => [f.id, f] as const))('%s: every section in the published order, as Heading 1, with heading styles kept with the next paragraph', async (_id, f) => {
    const { input, personal } = generated(f, false);
    const { bytes, model } = await renderDocx(input, personal);
    const p = await parts(bytes);
    const h1 = paragraphs(p.document).filter((x) => x.style === 'Heading1').map((x) => x.text);
    expect(h1).toEqual(expectedSections(f, model));
    if (f.id.startsWith('pdu')) expect(h1.indexOf('Ratings')).toBeLessThan(h1.indexOf('Executive summary'));
    else expect(h1.indexOf('Overall findings')).toBeLessThan(h1.indexOf('Ratings'));
    for (const style of ['Heading1', 'Heading2', 'Heading3', 'Heading4']) {
      const def = new RegExp(`<w:style [^>]*w:styleId="${style}"[^>]*>[\\s\\S]*?</w:style>`).exec(p.styles)?.[0] ?? '';
      expect(def, style).toContain('<w:keepNext/>');
      expect(def, style).toMatch(/<w:spacing [^>]*w:before="\d+"/);
    }
  });

  it('sets the language to en-GB, a footer with the draft marking, protective marking and page fields on every page, and a contents field', async () => {
    const { input, personal } = generated(shippedFrameworks().get('crc-2018')!, true);
    const { bytes, model } = await renderDocx(input, personal);
    const p = await parts(bytes);
    expect(p.styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="en-GB"\/>[\s\S]*<\/w:docDefaults>/);
    // One section; its default header and footer apply to every page (no distinct first page).
    expect(p.document.match(/<w:sectPr/g)).toHaveLength(1);
    expect(p.document).toMatch(/<w:footerReference w:type="default"/);
    expect(p.document).toMatch(/<w:headerReference w:type="default"/);
    expect(p.document).not.toContain('<w:titlePg');
    expect(p.footers).toHaveLength(1);
    const footer = p.footers[0]!;
    expect(footer).toContain('DRAFT — for factual accuracy checking — 30 June 2019');
    expect(footer).toContain('OFFICIAL-SENSITIVE');
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(p.headers.join('')).toContain('OFFICIAL-SENSITIVE');
    // A real TOC field over headings 1–2, and Word told to update fields on opening.
    expect(p.document).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;/);
    expect(p.settings).toMatch(/<w:updateFields( w:val="(true|1)")?\/>/);
    // The inspection's title on the cover, in the Title style.
    expect(paragraphs(p.document).find((x) => x.style === 'Title')?.text).toBe('Filled report title for crc-2018');
    expect(model.title).toBe('Filled report title for crc-2018');
  });

  it('tables: rows never split, header rows repeat, fixed layout; Annex 2 columns sized with the question text widest', async () => {
    const { input, personal } = generated(shippedFrameworks().get('crc-2018')!, true);
    const p = await parts((await renderDocx(input, personal)).bytes);
    const ts = tables(p.document);
    expect(ts.length).toBeGreaterThan(10);
    for (const t of ts) {
      expect(t.xml).toContain('<w:tblLayout w:type="fixed"/>');
      const rows = t.xml.match(/<w:tr[ >]/g)!.length;
      expect(t.xml.match(/<w:cantSplit\/>/g)?.length, 'every row cantSplit').toBe(rows);
      expect(t.xml).toContain('<w:tblHeader/>');
    }
    const annex = ts.filter((t) => t.rows[0]!.map((c) => c.text).join('|') === 'Number|Question|Result|Base (yes of applicable)');
    expect(annex).toHaveLength(allStandards(shippedFrameworks().get('crc-2018')!).filter((s) => s.ratedBy === 'cases').length);
    for (const t of annex) {
      const cols = [...t.xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(cols).toHaveLength(4);
      expect(Math.max(...cols)).toBe(cols[1]);
      expect(cols[1]!).toBeGreaterThan(cols[0]! + cols[2]! + cols[3]!);
    }
  });

  it('numbers recommendations straight through their addressees, with hanging indents', async () => {
    const { input, personal } = generated(shippedFrameworks().get('crc-2018')!, true);
    const p = await parts((await renderDocx(input, personal)).bytes);
    const ps = paragraphs(p.document);
    const numbered = ps.filter((x) => x.xml.includes('<w:numPr>') && x.text.includes('recommendation'));
    expect(numbered.map((x) => x.text)).toEqual(['First recommendation to the provider.', 'Second recommendation to the provider.', 'A recommendation to the National Probation Service.']);
    const numIds = new Set(numbered.map((x) => /<w:numId w:val="(\d+)"\/>/.exec(x.xml)![1]));
    expect(numIds.size).toBe(1); // one list instance: 1, 2, 3 across the two addressee groups
    expect(ps.map((x) => x.text)).toContain('Test crc-2018 provider should:');
    expect(ps.map((x) => x.text)).toContain('The National Probation Service should:');
    expect(ps.find((x) => x.text === 'The National Probation Service should:')?.style).toBe('Heading4'); // kept with its list
    expect(p.numbering).toMatch(/<w:lvlText w:val="%1\."\/>[\s\S]*?<w:ind w:left="567" w:hanging="567"\/>/);
  });

  it('ratings table grouped by domain, overall first, each rating in its colour with its word', async () => {
    const { input, personal } = example();
    const p = await parts((await renderDocx(input, personal)).bytes);
    const ratings = tables(p.document).find((t) => t.rows[0]!.map((c) => c.text).join('|') === 'Standard|Rating')!;
    const rows = ratings.rows.slice(1).map((r) => r.map((c) => c.text));
    expect(rows[0]).toEqual(['Overall rating', input.result.overall.rating]);
    const f = input.framework;
    const expected = [['Overall rating', input.result.overall.rating!], ...f.domains.flatMap((d) => [[`${d.id}. ${d.name}`, ''], ...d.standards.map((s) => [`${s.id} ${s.name}`, input.result.standards.find((x) => x.id === s.id)!.rating!])])];
    expect(rows).toEqual(expected);
    let coloured = 0;
    for (const row of ratings.rows.slice(1)) {
      const cell = row[1]!;
      const fill = /<w:shd [^>]*w:fill="([0-9A-F]{6})"/.exec(cell.xml)?.[1];
      if (!RATINGS.includes(cell.text as (typeof RATINGS)[number])) continue;
      const style = RATING_PRINT[cell.text as (typeof RATINGS)[number]];
      expect(fill, cell.text).toBe(style.fill.slice(1));
      expect(cell.xml).toContain(`<w:color w:val="${style.text.slice(1)}"/>`);
      coloured++;
    }
    expect(coloured).toBe(input.result.standards.length + 1);
    // The HTML (preview and PDF) draws the same: colour and word together.
    const html = renderReportHtml(buildReportModel(input));
    for (const r of RATINGS.filter((x) => input.result.standards.some((s) => s.rating === x)))
      expect(html).toContain(`<td class="rating" style="background:${RATING_PRINT[r].fill};color:${RATING_PRINT[r].text}">${r}</td>`);
  });

  it('has charts with alt text, one per case-rated standard with answers', async () => {
    const { input, personal } = example();
    const { bytes, model } = await renderDocx(input, personal);
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const charts = model.sections.flatMap((s) => s.parts.flatMap((p) => p.blocks)).filter((b) => b.kind === 'chart');
    expect(charts).toHaveLength(6);
    const descr = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(descr).toHaveLength(charts.length);
    for (const d of descr) expect(d).toMatch(/^Bar chart of the key questions for /);
    const images = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(images).toHaveLength(charts.length);
  });

  it('draws its charts with the chart font\'s own files where they are installed: the same pictures as with every system font', async () => {
    const { input } = example();
    const charts = buildReportModel(input)
      .sections.flatMap((s) => s.parts.flatMap((p) => p.blocks))
      .flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
    expect(charts.length).toBeGreaterThan(0);
    // This machine has the charts' font (the CI image installs DejaVu): only its files are loaded.
    expect(existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'), 'DejaVu Sans is installed').toBe(true);
    expect(fontsForCharts()).toMatchObject({ loadSystemFonts: false, fontFiles: expect.arrayContaining(['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf']) });
    for (const chart of charts) expect(chartPng(chart).equals(chartPng(chart, { loadSystemFonts: true })), chart.title).toBe(true);
  });
});

describe('what the report says', () => {
  it.each(frameworks.map((f) => [f.id, f] as const))('%s: an inspection that fills every text field prints all of it and no placeholder', async (_id, f) => {
    const { input, personal } = generated(f, true);
    const text = await docxText((await renderDocx(input, personal)).bytes);
    const { html } = renderHtml(input, personal);
    for (const out of [text, html]) {
      expect(out).not.toContain('[To be written');
      expect(out).not.toContain('[To be entered]');
      for (const k of INSPECTION_TEXT_KEYS.filter((x) => x !== 'title')) {
        expect(out, k).toContain(`Section text for ${k}.`);
        expect(out, k).toContain(`A second paragraph for ${k}.`);
      }
      for (const s of allStandards(f)) {
        for (const t of [`Strength one for ${s.id}.`, `Strength two for ${s.id}.`, `Improvement for ${s.id}.`, `Narrative for ${s.id}.`, `Practice example for ${s.id}.`]) expect(out, t).toContain(t);
        if (s.ratedBy === 'judgement') {
          expect(out).toContain(`Rationale text for ${s.id}.`);
          for (const k of s.keyQuestions) expect(out).toContain(`Evidence note for ${k.id}.`);
        }
      }
      expect(out).toContain('Staff interviewed who said their workload was unmanageable');
      expect(out).toContain('69%');
    }
  });

  it.each(frameworks.map((f) => [f.id, f] as const))('%s: an inspection that fills none prints a marked placeholder for every missing text, and every section', async (_id, f) => {
    const { input, personal } = generated(f, false);
    const { bytes, model } = await renderDocx(input, personal);
    const text = await docxText(bytes);
    for (const k of INSPECTION_TEXT_KEYS.filter((x) => x !== 'title')) expect(text, k).toContain(`[To be written: ${INSPECTION_TEXT_INFO[k].missing}]`);
    expect(text).toContain("[To be written: the Chief Inspector's foreword]");
    expect(text).toContain('[To be written: the recommendations]');
    for (const s of allStandards(f)) {
      expect(text).toContain(`[To be written: the strengths for ${s.id}]`);
      expect(text).toContain(`[To be written: the areas for improvement for ${s.id}]`);
      if (s.ratedBy === 'judgement') {
        expect(text).toContain(`[To be written: the rationale for the ${s.id} rating]`);
        for (const k of s.keyQuestions) expect(text).toContain(`[To be written: the evidence for key question ${k.id}]`);
      } else expect(text).toContain(`[To be written: the narrative for ${s.id} ${s.name}]`);
    }
    for (const k of CONTEXT_FACT_KEYS) expect(text).toContain(CONTEXT_FACT_INFO[k].label);
    for (const title of expectedSections(f, model)) expect(text).toContain(title);
    // The untitled inspection takes its title from the provider.
    expect(model.title).toBe(`An inspection of probation services in Test ${f.id} provider`);
    // Glossary from the framework's data, every term.
    for (const g of reportRules(f).glossary) expect(text).toContain(g.term);
  });

  it('case-rated standards: the rating once, one findings sentence per key question in its own wording, prompt highlights, no repeated figures', () => {
    const f = shippedFrameworks().get('crc-2018')!;
    const { input } = generated(f, false, (file) => {
      // Prompts answered unevenly so there is a strongest and a weakest.
      file.cases.filter((c) => (c.sample ?? 'case-supervision') === 'case-supervision').forEach((c, i) => {
        c.answers['2.1.3.a'] = i < 18 ? 'yes' : 'no';
        c.answers['2.1.3.b'] = i < 6 ? 'yes' : 'no';
      });
    });
    const m = buildReportModel(input);
    const part = m.sections.flatMap((s) => s.parts).find((p) => p.id === '2.1')!;
    const texts = part.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    const s = input.result.standards.find((x) => x.id === '2.1')!;
    for (const k of s.keyQuestions) {
      const finding = questionIndex(f).get(k.id)!.keyQuestion.finding!;
      expect(texts).toContain(`In ${Math.round(k.percent!)}% of cases, ${finding}.`);
    }
    expect(texts).toContain('In 65% of cases, assessment focused sufficiently on keeping other people safe.');
    expect(part.blocks.filter((b) => b.kind === 'rating')).toHaveLength(1);
    expect(texts.join(' ')).toContain('the strongest result was "Is the risk of harm to others clearly identified and analysed?" (2.1.3.a, 90%)');
    expect(texts.join(' ')).toContain('the weakest "Is enough use made of available sources, including past behaviour, convictions and other agencies?" (2.1.3.b, 30%)');
    // One sentence per key question, and no second statement of the same figures ("13 of 20 cases (65%)").
    expect(texts.filter((t) => /^In \d+% of cases, /.test(t))).toHaveLength(s.keyQuestions.length);
    expect(texts.filter((t) => /\d+ of \d+ cases/.test(t))).toEqual([]);
    // Domestic abuse contrast on the keeping-others-safe question.
    expect(texts.some((t) => /^Where there were domestic abuse concerns, assessment focused sufficiently on keeping other people safe in \d+% of cases, against \d+% where there were none\.$/.test(t))).toBe(true);
  });

  it('chapter 4 findings say what the questions ask (the sentence of the court, resettlement), not the case-supervision themes', async () => {
    const f = shippedFrameworks().get('crc-2018')!;
    for (const id of ['4.1.1', '4.1.2', '4.2.1', '4.2.2', '4.2.3']) expect(questionIndex(f).get(id)!.keyQuestion.theme, id).toBeUndefined();
    const { input, personal } = example();
    const text = await docxText((await renderDocx(input, personal)).bytes);
    expect(text).toContain('In 80% of cases, the sentence of the court was implemented properly.');
    expect(text).toContain('In 100% of cases, the delivery of unpaid work supported the person\'s desistance and engagement.');
    expect(text).toContain("In 100% of cases, the person's resettlement needs were met by delivery before release.");
    expect(text).not.toMatch(/unpaid work focused sufficiently on/i);
    expect(text).not.toMatch(/through the gate focused sufficiently on/i);
  });

  it('Domain 1 prints the rating, the judgement rationale and every key question note from the Judgements tab', () => {
    const { input } = example((file) => {
      file.judgementNotes = { '1.2.1': 'Caseloads averaged 60 against a target of 45.' };
    });
    const m = buildReportModel(input);
    const part = m.sections.flatMap((s) => s.parts).find((p) => p.id === '1.2')!;
    const texts = part.blocks.flatMap((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? [b.text] : b.kind === 'rating' ? [b.rating ?? ''] : []));
    expect(texts).toContain('Requires improvement');
    expect(texts).toContain('High workloads.');
    expect(texts).toContain('1.2.1 Do staffing and workload levels support a high-quality service?');
    expect(texts).toContain('Caseloads averaged 60 against a target of 45.');
  });

  it('Annex 1 states the method from the inspection: confidence and margin from the framework, out-of-scope cases, the unrounded banding, the profile in logical order', () => {
    const f = shippedFrameworks().get('crc-2018')!;
    const { input } = generated(f, false, (file) => {
      const ttg = file.cases.filter((c) => c.sample === 'through-the-gate');
      for (const c of ttg.slice(0, 6)) c.attributes = { ...c.attributes, releasedFromCustody: false };
    });
    const m = buildReportModel(input);
    const annex = m.sections.find((s) => s.id === 'annex-methodology')!;
    const text = annex.parts.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []))).join('\n');
    expect(text).toContain('sized for 80% confidence with a margin of error of ±5%');
    expect(text).toContain('[To be written: the eligibility window (the dates between which the sentence or licence started)]');
    const filled = buildReportModel(generated(f, true).input).sections.find((s) => s.id === 'annex-methodology')!;
    expect(JSON.stringify(filled)).toContain('Cases were eligible for the sample if the sentence or licence started between 1 November 2018 and 14 December 2018.');
    expect(text).toContain('6 of the 20 cases in the through the gate sample were out of scope for 4.2 Through the Gate, which applies only where the person had been released from custody.');
    expect(text).toContain('a result of 64.7%, shown as 65%, is Requires improvement, because it is below 65%.');
    const profile = annex.parts.find((p) => p.id === 'profile')!.blocks.find((b) => b.kind === 'table')!;
    const labels = profile.kind === 'table' ? profile.rows.map((r) => r[0]!.text).filter((t) => t.startsWith('Risk of serious harm level')) : [];
    expect(labels).toEqual(['Risk of serious harm level: low', 'Risk of serious harm level: medium', 'Risk of serious harm level: high', 'Risk of serious harm level: very high']);
    // The profile is no longer in Contextual facts.
    const context = m.sections.find((s) => s.id === 'contextual-facts')!;
    expect(JSON.stringify(context)).not.toContain('Risk of serious harm level');
  });
});

describe('small numbers', () => {
  const f = shippedFrameworks().get('crc-2018')!;

  it('prints "fewer than 5" for a subgroup or finding base under the framework threshold, drops a breakdown with a group of one, and keeps Annex 2 bases', async () => {
    const { input, personal } = generated(f, false, (file) => {
      const cs = file.cases.filter((c) => (c.sample ?? 'case-supervision') === 'case-supervision');
      cs.forEach((c, i) => {
        c.attributes = { ...c.attributes, domesticAbuse: i < 3, gender: i === 0 ? 'non-binary' : 'male' };
      });
      // 4.1 has only 3 applicable cases on 4.1.2.
      file.cases.filter((c) => c.sample === 'unpaid-work').forEach((c, i) => {
        if (i >= 3) c.answers['4.1.2'] = 'na';
      });
    });
    const { bytes, model } = await renderDocx(input, personal);
    const text = await docxText(bytes);
    const annex2 = model.sections.find((s) => s.id === 'annex-results')!;
    const da = annex2.parts.find((p) => p.id === 'subgroup-domesticAbuse')!.blocks[0]!;
    if (da.kind !== 'table') throw new Error('table');
    expect(da.header).toEqual(['Key question', 'yes (fewer than 5 cases)', 'no (17 cases)']);
    for (const row of da.rows) expect(row[1]!.text).toBe('fewer than 5');
    expect(annex2.parts.some((p) => p.id === 'subgroup-gender')).toBe(false);
    expect(text).toContain('The breakdowns by gender are not shown: a group of a single case would identify the person.');
    expect(text).toContain('Fewer than 5 cases could be assessed on whether the sentence of the court was implemented properly, so no percentage is given.');
    expect(text).toContain('Cases where there were domestic abuse concerns are not compared with the rest on keeping other people safe: one of the two groups has fewer than 5 cases.');
    // Annex 2 still gives the base.
    const k = input.result.standards.find((s) => s.id === '4.1')!.keyQuestions.find((x) => x.id === '4.1.2')!;
    expect(k.applicable).toBe(3);
    expect(text).toContain(`${k.yes} of 3`);
    // The sample profile suppresses its small counts too.
    expect(text).not.toMatch(/Domestic abuse concern\s*\n\s*3\b/);
  });

  it('takes the threshold from framework data', () => {
    const data = JSON.parse(JSON.stringify(f)) as Framework;
    data.report!.smallCellThreshold = 25;
    const { input } = generated(f, false);
    const m = buildReportModel({ ...input, framework: data });
    const part = m.sections.flatMap((s) => s.parts).find((p) => p.id === '2.1')!;
    expect(part.blocks.some((b) => b.kind === 'paragraph' && b.text.startsWith('Fewer than 25 cases could be assessed on whether assessment focused'))).toBe(true);
  });
});

describe('personal data', () => {
  it('never contains a CRN or name, even though the notes mention them', async () => {
    const { input, personal } = example();
    expect(raw).toContain('Note mentioning Person A'); // the fixture's notes name people…
    const { bytes } = await renderDocx(input, personal);
    const text = await docxText(bytes);
    for (const id of [...personal.crns, ...personal.names]) expect(text).not.toContain(id); // …the report does not
    expect(findPersonalData(text, personal)).toEqual([]);
  });

  it('refuses to write a report whose own text carries personal data, in any text field', async () => {
    const { input, personal } = example((f) => {
      f.reportText = { '2.1': { strengths: 'Good work with Person C on housing.', improvements: '' } };
      f.recommendations = [{ text: 'Review case X100003 urgently.' }];
      f.reportSections = { foreword: 'We met Person D.' };
    });
    await expect(renderDocx(input, personal)).rejects.toBeInstanceOf(PersonalDataError);
    expect(() => renderHtml(input, personal)).toThrow(PersonalDataError);
    const err = await renderDocx(input, personal).catch((e: PersonalDataError) => e);
    expect((err as PersonalDataError).found.sort()).toEqual(['CRN X100003', 'name Person C', 'name Person D']);
    expect((err as Error).message).not.toContain('Person C'); // the message itself does not repeat it
  });

  it('matches whole words only', () => {
    expect(findPersonalData('the person and their family', { crns: [], names: ['Person A'] })).toEqual([]);
    expect(findPersonalData('seen by person  a.', { crns: [], names: ['Person A'] })).toEqual(['name Person A']);
  });
});
