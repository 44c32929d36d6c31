import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import { CHART_FONT, RATING_PRINT, type Block, type Cell, type Chart, type ReportModel } from '../../core';

/** A4 with 2 cm side margins: the text column is 9,638 twips wide. */
const PAGE = { width: 11906, height: 16838, margin: { top: 1247, bottom: 1247, left: 1134, right: 1134, header: 567, footer: 567 } };
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
const FONT = 'Arial';
const LANGUAGE = 'en-GB';
const hex = (c: string) => c.replace('#', '');

/** Where Linux keeps fonts (the last two under the user's home folder). */
const LINUX_FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '.local/share/fonts', '.fonts'];

function fontFilesIn(dir: string, name: RegExp): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => name.test(basename(f)))
      .map((f) => join(dir, f));
  } catch {
    return []; // no such folder
  }
}

let chartFonts: ResvgRenderOptions['font'] | undefined;

/**
 * The fonts the charts are drawn with. Resvg parses every font it is given for every chart it draws,
 * and a Linux desktop has over a hundred: loading them all was most of a Word report's chart time. The
 * charts name CHART_FONT first, so where its files are installed only they are loaded: the faces chosen,
 * and so the pictures, are the same. Without them (Windows, macOS), every system font as before.
 */
export function fontsForCharts(): ResvgRenderOptions['font'] {
  if (chartFonts) return chartFonts;
  const stem = CHART_FONT.replace(/ /g, '');
  // DejaVuSans.ttf, DejaVuSans-Bold.ttf and the like; not the Mono or Condensed families.
  const name = new RegExp(`^${stem}(-[A-Za-z]+)?\\.ttf$`);
  const files = process.platform === 'linux' ? LINUX_FONT_DIRS.flatMap((d) => fontFilesIn(d.startsWith('/') ? d : join(homedir(), d), name)) : [];
  chartFonts = files.some((f) => basename(f) === `${stem}.ttf`) ? { loadSystemFonts: false, fontFiles: files } : { loadSystemFonts: true };
  return chartFonts;
}

/** A chart as PNG at twice its size, with the given fonts (the charts' own by default). */
export function chartPng(chart: Chart, font: ResvgRenderOptions['font'] = fontsForCharts()): Buffer {
  return new Resvg(chart.svg, { fitTo: { mode: 'width', value: chart.width * 2 }, font }).render().asPng();
}

const para = (text: string, opts: { bold?: boolean; italics?: boolean; colour?: string; size?: number; highlight?: boolean; keepNext?: boolean } = {}) =>
  new Paragraph({
    keepNext: opts.keepNext,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, color: opts.colour, size: opts.size, highlight: opts.highlight ? 'yellow' : undefined })],
  });

function cell(c: Cell, width: number, head: boolean): TableCell {
  const rating = c.rating ? RATING_PRINT[c.rating] : null;
  const fill = head ? 'E8EEF7' : rating ? hex(rating.fill) : c.group ? 'EEF1F5' : undefined;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: fill ? { type: ShadingType.CLEAR, fill, color: 'auto' } : undefined,
    margins: { top: 40, bottom: 40, left: 100, right: 100 },
    children: [
      new Paragraph({
        indent: c.indent ? { left: 240 } : undefined,
        children: [new TextRun({ text: c.text, bold: head || c.bold || !!rating, color: rating ? hex(rating.text) : undefined, size: c.indent ? 19 : 20 })],
      }),
    ],
  });
}

/** A table whose rows never split across pages, with a repeated header row and fixed column widths. */
function table(b: Extract<Block, { kind: 'table' }>): Table {
  const total = b.widths.reduce((a, w) => a + w, 0);
  const widths = b.widths.map((w) => Math.round((w / total) * TEXT_WIDTH));
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h, i) => cell({ text: h }, widths[i]!, true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i]!, false)) })),
    ],
  });
}

const BULLETS = 'bullets';
const NUMBERED = 'recommendations';

function blockChildren(b: Block): (Paragraph | Table | TableOfContents)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ text: b.text, heading: b.level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4 })];
    case 'paragraph':
      if (b.tone === 'placeholder') return [para(b.text, { italics: true, highlight: true })];
      if (b.tone === 'lead') return [para(b.text, { italics: true })];
      if (b.tone === 'note') return [para(b.text, { colour: '444444', size: 19 })];
      return [para(b.text)];
    case 'list':
      // One numbering instance for every ordered list: recommendations number straight through their addressee groups.
      return b.items.map(
        (t) => new Paragraph({ spacing: { after: 80 }, children: [new TextRun(t)], numbering: b.ordered ? { reference: NUMBERED, level: 0, instance: 1 } : { reference: BULLETS, level: 0 } }),
      );
    case 'rating': {
      const r = b.rating ? RATING_PRINT[b.rating] : null;
      return [
        new Paragraph({
          spacing: { before: 60, after: 120 },
          keepNext: true,
          children: [
            new TextRun({ text: `${b.label}: `, bold: true, size: 24 }),
            new TextRun({ text: b.rating ? ` ${b.rating} ` : 'Not yet rated', bold: true, size: 24, color: r ? hex(r.text) : undefined, shading: r ? { type: ShadingType.CLEAR, fill: hex(r.fill), color: 'auto' } : undefined }),
          ],
        }),
        ...(b.note ? [para(b.note, { colour: '444444', size: 19 })] : []),
      ];
    }
    case 'table':
      return [table(b)];
    case 'chart': {
      const w = Math.min(560, b.chart.width);
      const scale = w / b.chart.width;
      return [
        new Paragraph({
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: chartPng(b.chart),
              transformation: { width: Math.round(b.chart.width * scale), height: Math.round(b.chart.height * scale) },
              altText: { title: b.chart.title, description: b.chart.alt, name: `chart-${b.chart.title.split(' ')[0]}` },
            }),
          ],
        }),
        para(b.caption, { colour: '444444', size: 18 }),
      ];
    }
    case 'example': {
      const border = { style: BorderStyle.SINGLE, size: 6, color: '1D4F91', space: 4 };
      const boxed = { border: { top: border, bottom: border, left: border, right: border }, shading: { type: ShadingType.CLEAR, fill: 'F3F6FB', color: 'auto' } };
      return [
        new Paragraph({ ...boxed, keepNext: true, children: [new TextRun({ text: b.title, bold: true })] }),
        ...b.paragraphs.map((p, i) => new Paragraph({ ...boxed, keepNext: i < b.paragraphs.length - 1, spacing: { after: i === b.paragraphs.length - 1 ? 160 : 0 }, children: [new TextRun(p)] })),
      ];
    }
    case 'contents':
      // A real TOC field: Word updates it on opening (updateFields), LibreOffice from Tools › Update; filled in here from the headings.
      return [new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' })];
  }
}

const headingStyle = (size: number, colour: string, before: number, after: number) => ({
  run: { font: FONT, size, bold: true, color: colour },
  paragraph: { keepNext: true, keepLines: true, spacing: { before, after } },
});

/** The draft report as a Word document that needs no reformatting: styles, fields, markings and language set. */
export async function reportDocx(m: ReportModel): Promise<Buffer> {
  const children: (Paragraph | Table | TableOfContents)[] = [
    para(m.protectiveMarking, { bold: true, colour: 'B3261E' }),
    para(m.draftMarking, { bold: true, colour: 'B3261E' }),
    new Paragraph({ text: m.title, heading: HeadingLevel.TITLE, spacing: { before: 1800, after: 240 } }),
    para(m.subtitle, { size: 24 }),
    table({ kind: 'table', name: 'cover', header: ['Inspection', 'Details'], widths: [30, 70], rows: m.cover.map(([a, b]) => [{ text: a }, { text: b }]) }),
  ];
  for (const s of m.sections) {
    children.push(new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: s.newPage || s === m.sections[0] }));
    for (const b of s.blocks) children.push(...blockChildren(b));
    for (const p of s.parts) {
      children.push(new Paragraph({ text: p.title, heading: HeadingLevel.HEADING_2 }));
      for (const b of p.blocks) children.push(...blockChildren(b));
    }
  }

  const small = { size: 16, font: FONT };
  const doc = new Document({
    creator: 'Fieldwork',
    title: m.title,
    description: m.draftMarking,
    features: { updateFields: true },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 567 } } } }],
        },
        {
          reference: BULLETS,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 340 } } } }],
        },
      ],
    },
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, language: { value: LANGUAGE } } },
        title: { run: { font: FONT, size: 48, bold: true, color: '1D4F91' }, paragraph: { keepNext: true } },
        heading1: headingStyle(34, '1D4F91', 240, 160),
        heading2: headingStyle(27, '1D4F91', 280, 120),
        heading3: headingStyle(23, '1A1A1A', 200, 80),
        heading4: headingStyle(21, '1A1A1A', 160, 60),
      },
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...small, text: m.protectiveMarking, bold: true })] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ ...small, text: m.draftMarking })] }),
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
                children: [new TextRun({ ...small, bold: true, text: m.protectiveMarking }), new TextRun({ ...small, children: ['\tPage ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
