import type { ReportModel } from './model';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #1a1a1a; line-height: 1.45; max-width: 900px; margin: 0 auto; padding: 24px; }
  .draft { color: #b3261e; font-weight: bold; letter-spacing: 0.04em; }
  section.cover { page-break-after: always; }
  section.chapter { page-break-before: always; }
  h1 { font-size: 22pt; margin: 0.2em 0; } h2 { font-size: 16pt; border-bottom: 2px solid #1d4f91; padding-bottom: 4px; }
  h3 { font-size: 13pt; margin-top: 1.4em; }
  table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; }
  th, td { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
  th { background: #e8eef7; }
  tr.prompt td { color: #444; font-size: 10pt; } tr.prompt td:first-child { padding-left: 22px; }
  figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 9pt; color: #444; }
`;

/** The report as one self-contained HTML document (charts inline): the in-app preview and the PDF. */
export function renderReportHtml(m: ReportModel): string {
  const table = (header: string[], rows: string[][], caption?: string, rowClass?: (i: number) => string) =>
    `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r, i) => `<tr${rowClass ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const list = (items: string[], ordered = false) => (items.length === 0 ? '<p><em>None entered yet.</em></p>' : `<${ordered ? 'ol' : 'ul'}>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`);
  const body = [
    `<section class="cover"><p class="draft">${esc(m.draftMarking)}</p><h1>${esc(m.title)}</h1><p>${esc(m.subtitle)}</p>${table(['Inspection', 'Details'], m.cover)}</section>`,
    `<section><h2>Summary of ratings</h2>${table(['Standard', 'Rating'], [...m.summary.rows, ['Overall rating', `${m.summary.overall} (score ${m.summary.score})`]])}</section>`,
    `<section><h2>Recommendations</h2>${list(m.recommendations, true)}</section>`,
    ...(m.previousRecommendations.length ? [`<section><h2>Progress on the previous inspection's recommendations</h2>${table(['Recommendation', 'Progress', 'Note'], m.previousRecommendations)}</section>`] : []),
    `<section><h2>Contextual facts</h2>${table(['Fact', 'Value'], m.context)}</section>`,
    ...m.chapters.map(
      (c) =>
        `<section class="chapter"><h2>${esc(c.title)}</h2>${c.standards
          .map(
            (s) =>
              `<h3>${esc(`${s.id} ${s.name}`)}: ${esc(s.rating)}</h3><p>${esc(s.ratingLine)}</p>` +
              `<h4>Strengths</h4>${list(s.strengths)}<h4>Areas for improvement</h4>${list(s.improvements)}` +
              (s.findings.length ? `<h4>Findings</h4>${list(s.findings)}` : '') +
              (s.chart ? `<figure>${s.chart.svg.replace('role="img"', `role="img" aria-label="${esc(s.chart.alt)}"`)}<figcaption>${esc(s.chart.alt)}</figcaption></figure>` : ''),
          )
          .join('')}</section>`,
    ),
    `<section class="chapter"><h2>Annex 1: Methodology</h2>${m.methodology.map((p) => `<p>${esc(p)}</p>`).join('')}</section>`,
    `<section class="chapter"><h2>Annex 2: Inspection results</h2>${m.annexResults
      .map((a) => `<h3>${esc(a.standard)}</h3>${table(['Question', '', 'Result', 'Base (yes of applicable)'], a.rows.map((r) => [r.id, r.text, r.result, r.base]), undefined, (i) => (a.rows[i]!.prompt ? 'prompt' : 'kq'))}`)
      .join('')}${m.subgroups.map((s) => `<h3>${esc(s.title)}</h3>${table(s.header, s.rows)}`).join('')}</section>`,
  ].join('\n');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
