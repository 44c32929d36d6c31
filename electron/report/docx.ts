import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Chart, ReportModel } from '../../core';

function png(chart: Chart): Buffer {
  return new Resvg(chart.svg, { fitTo: { mode: 'width', value: chart.width * 2 }, font: { loadSystemFonts: true } }).render().asPng();
}

const para = (text: string, opts: { bold?: boolean; colour?: string; size?: number } = {}) =>
  new Paragraph({ children: [new TextRun({ text, bold: opts.bold, color: opts.colour, size: opts.size })], spacing: { after: 120 } });

function table(header: string[], rows: string[][], indentRow?: (i: number) => boolean): Table {
  const cell = (text: string, head: boolean, indent = false) =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text, bold: head })], indent: indent ? { left: 280 } : undefined })],
      shading: head ? { type: ShadingType.CLEAR, fill: 'E8EEF7', color: 'auto' } : undefined,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      // A real header row, repeated on each page, for screen readers and for long tables.
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r, i) => new TableRow({ children: r.map((c, j) => cell(c, false, j === 0 && (indentRow?.(i) ?? false))) })),
    ],
  });
}

const bullets = (items: string[], ordered = false) =>
  items.length === 0
    ? [para('None entered yet.', { colour: '666666' })]
    : items.map((t) => new Paragraph({ text: t, ...(ordered ? { numbering: { reference: 'recommendations', level: 0 } } : { bullet: { level: 0 } }) }));

/** The draft report as a Word document, editable in Word and LibreOffice. */
export async function reportDocx(m: ReportModel): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: m.draftMarking, bold: true, color: 'B3261E' })], spacing: { after: 240 } }),
    new Paragraph({ text: m.title, heading: HeadingLevel.TITLE }),
    para(m.subtitle),
    table(['Inspection', 'Details'], m.cover),
    new Paragraph({ text: 'Summary of ratings', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
    table(['Standard', 'Rating'], [...m.summary.rows, ['Overall rating', `${m.summary.overall} (score ${m.summary.score})`]]),
    new Paragraph({ text: 'Recommendations', heading: HeadingLevel.HEADING_1 }),
    ...bullets(m.recommendations, true),
    ...(m.previousRecommendations.length
      ? [new Paragraph({ text: "Progress on the previous inspection's recommendations", heading: HeadingLevel.HEADING_1 }), table(['Recommendation', 'Progress', 'Note'], m.previousRecommendations)]
      : []),
    new Paragraph({ text: 'Contextual facts', heading: HeadingLevel.HEADING_1 }),
    table(['Fact', 'Value'], m.context),
  ];
  for (const c of m.chapters) {
    children.push(new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
    for (const s of c.standards) {
      children.push(new Paragraph({ text: `${s.id} ${s.name}: ${s.rating}`, heading: HeadingLevel.HEADING_2 }), para(s.ratingLine));
      children.push(new Paragraph({ text: 'Strengths', heading: HeadingLevel.HEADING_3 }), ...bullets(s.strengths));
      children.push(new Paragraph({ text: 'Areas for improvement', heading: HeadingLevel.HEADING_3 }), ...bullets(s.improvements));
      if (s.findings.length) children.push(new Paragraph({ text: 'Findings', heading: HeadingLevel.HEADING_3 }), ...bullets(s.findings));
      if (s.chart) {
        const scale = 560 / s.chart.width;
        children.push(
          new Paragraph({
            alignment: AlignmentType.LEFT,
            children: [
              new ImageRun({
                type: 'png',
                data: png(s.chart),
                transformation: { width: Math.round(s.chart.width * scale), height: Math.round(s.chart.height * scale) },
                altText: { title: s.chart.title, description: s.chart.alt, name: `chart-${s.id}` },
              }),
            ],
          }),
          para(s.chart.alt, { colour: '444444', size: 18 }),
        );
      }
    }
  }
  children.push(new Paragraph({ text: 'Annex 1: Methodology', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }), ...m.methodology.map((p) => para(p)));
  children.push(new Paragraph({ text: 'Annex 2: Inspection results', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
  for (const a of m.annexResults) {
    children.push(new Paragraph({ text: a.standard, heading: HeadingLevel.HEADING_2 }));
    children.push(table(['Question', '', 'Result', 'Base (yes of applicable)'], a.rows.map((r) => [r.id, r.text, r.result, r.base]), (i) => a.rows[i]!.prompt));
  }
  for (const s of m.subgroups) children.push(new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_2 }), table(s.header, s.rows));

  const doc = new Document({
    creator: 'Fieldwork',
    title: m.title,
    description: m.draftMarking,
    numbering: {
      config: [{ reference: 'recommendations', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
