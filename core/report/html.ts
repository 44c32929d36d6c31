import { RATING_PRINT } from '../domain/ratings';
import type { Block, Cell, ReportSection } from './blocks';
import type { ReportModel } from './model';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
  @page { size: A4; margin: 22mm 16mm 22mm 16mm; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; line-height: 1.45; max-width: 900px; margin: 0 auto; padding: 0 8px; }
  .marking { color: #b3261e; font-weight: bold; letter-spacing: 0.04em; margin: 0 0 4px; }
  section.cover { break-after: page; padding-top: 40px; }
  section.cover h1 { font-size: 24pt; margin: 1.2em 0 0.3em; }
  section.new-page { break-before: page; }
  h2 { font-size: 17pt; border-bottom: 2px solid #1d4f91; padding-bottom: 4px; margin: 1em 0 0.5em; }
  h3 { font-size: 13.5pt; margin: 1.2em 0 0.4em; color: #1d4f91; }
  h4 { font-size: 11.5pt; margin: 1em 0 0.3em; }
  h5 { font-size: 10.5pt; margin: 0.8em 0 0.2em; }
  h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  p { margin: 0 0 0.6em; }
  p.lead { font-style: italic; }
  p.note { font-size: 9.5pt; color: #444; }
  p.placeholder { background: #fff4c2; border-left: 4px solid #b58900; padding: 2px 8px; font-style: italic; }
  table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; table-layout: fixed; }
  th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: #e8eef7; }
  td.indent { padding-left: 20px; font-size: 9.5pt; }
  tr.group td { background: #eef1f5; font-weight: bold; }
  td.rating, span.rating { font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  span.rating { padding: 2px 10px; border-radius: 3px; }
  p.rating-line { font-size: 11.5pt; }
  ol, ul { margin: 0 0 0.8em; padding-left: 2.2em; }
  li { margin-bottom: 0.25em; padding-left: 0.3em; }
  figure { margin: 0.6em 0 1em; break-inside: avoid; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 9pt; color: #444; }
  aside.example { border: 1px solid #1d4f91; background: #f3f6fb; padding: 6px 12px; margin: 0.6em 0 1em; break-inside: avoid; }
  nav.contents ol { list-style: none; padding-left: 0; } nav.contents ol ol { padding-left: 1.5em; }
`;

function cellHtml(c: Cell, tag: 'td' | 'th' = 'td'): string {
  const style = c.rating ? ` style="background:${RATING_PRINT[c.rating].fill};color:${RATING_PRINT[c.rating].text}"` : '';
  const cls = [c.rating ? 'rating' : '', c.indent ? 'indent' : ''].filter(Boolean).join(' ');
  const text = c.bold && !c.rating ? `<strong>${esc(c.text)}</strong>` : esc(c.text);
  return `<${tag}${cls ? ` class="${cls}"` : ''}${style}>${text}</${tag}>`;
}

function blockHtml(b: Block, m: ReportModel): string {
  switch (b.kind) {
    case 'heading':
      return b.level === 3 ? `<h4>${esc(b.text)}</h4>` : `<h5>${esc(b.text)}</h5>`;
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${esc(b.text)}</p>`;
    case 'list':
      return b.ordered
        ? `<ol${b.start && b.start > 1 ? ` start="${b.start}"` : ''}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>`
        : `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'rating': {
      const badge = b.rating
        ? `<span class="rating" style="background:${RATING_PRINT[b.rating].fill};color:${RATING_PRINT[b.rating].text}">${esc(b.rating)}</span>`
        : '<span>Not yet rated</span>';
      return `<p class="rating-line"><strong>${esc(b.label)}:</strong> ${badge}</p>${b.note ? `<p class="note">${esc(b.note)}</p>` : ''}`;
    }
    case 'table':
      return `<table class="t-${b.name}"><colgroup>${b.widths.map((w) => `<col style="width:${w.toFixed(1)}%">`).join('')}</colgroup><thead><tr>${b.header
        .map((h) => `<th scope="col">${esc(h)}</th>`)
        .join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr${r[0]?.group ? ' class="group"' : ''}>${r.map((c) => cellHtml(c)).join('')}</tr>`).join('')}</tbody></table>`;
    case 'chart':
      return `<figure>${b.chart.svg.replace('role="img"', `role="img" aria-label="${esc(b.chart.alt)}"`)}<figcaption>${esc(b.caption)}</figcaption></figure>`;
    case 'example':
      return `<aside class="example"><p><strong>${esc(b.title)}</strong></p>${b.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</aside>`;
    case 'contents':
      return `<nav class="contents" aria-label="Contents"><ol>${m.sections
        .filter((s) => s.id !== 'contents')
        .map((s) => `<li><a href="#${anchor(s.id)}">${esc(s.title)}</a>${s.id.startsWith('domain-') ? `<ol>${s.parts.map((p) => `<li>${esc(p.title)}</li>`).join('')}</ol>` : ''}</li>`)
        .join('')}</ol></nav>`;
  }
}

const anchor = (id: string) => `s-${id.replace(/[^a-z0-9-]/gi, '-')}`;

/** Blocks with each heading kept in one unbreakable group with what follows it, so no heading is stranded at a page foot. */
function blocksHtml(blocks: Block[], m: ReportModel, lead = ''): string {
  const out: string[] = [];
  let pending = lead;
  for (const b of blocks) {
    const html = blockHtml(b, m);
    if (b.kind === 'heading') {
      pending += html;
      continue;
    }
    // A long table cannot be kept whole: its heading stays with it through the table's own first rows instead.
    out.push(pending ? (b.kind === 'table' && b.rows.length > 12 ? `${pending}${html}` : `<div class="keep">${pending}${html}</div>`) : html);
    pending = '';
  }
  if (pending) out.push(pending);
  return out.join('');
}

function sectionHtml(s: ReportSection, m: ReportModel): string {
  const h2 = `<h2 id="${anchor(s.id)}">${esc(s.title)}</h2>`;
  const parts = s.parts.map((p) => blocksHtml(p.blocks, m, `<h3>${esc(p.title)}</h3>`)).join('');
  const body = s.blocks.length ? blocksHtml(s.blocks, m, h2) : h2;
  return `<section class="${s.newPage ? 'new-page' : ''}">${body}${parts}</section>`;
}

/** The report as one self-contained HTML document (charts inline): the in-app preview and the PDF. */
export function renderReportHtml(m: ReportModel): string {
  const cover = `<section class="cover"><p class="marking">${esc(m.protectiveMarking)}</p><p class="marking">${esc(m.draftMarking)}</p><h1>${esc(m.title)}</h1><p>${esc(m.subtitle)}</p>${blockHtml(
    { kind: 'table', name: 'cover', header: ['Inspection', 'Details'], widths: [30, 70], rows: m.cover.map(([a, b]) => [{ text: a }, { text: b }]) },
    m,
  )}</section>`;
  const body = [cover, ...m.sections.map((s) => sectionHtml(s, m))].join('\n');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** What a PDF printer puts on every page: the protective marking above, the draft marking and page numbers below. */
export interface PageChrome {
  headerTemplate: string;
  footerTemplate: string;
}

export function pdfPageChrome(m: ReportModel): PageChrome {
  const font = 'font-family: DejaVu Sans, Arial, sans-serif; font-size: 8pt; color: #1a1a1a; width: 100%; margin: 0 16mm;';
  return {
    headerTemplate: `<div style="${font} text-align: center; font-weight: bold;">${esc(m.protectiveMarking)}</div>`,
    footerTemplate: `<div style="${font} display: flex; justify-content: space-between;"><span>${esc(m.draftMarking)}</span><span>${esc(m.protectiveMarking)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}
