import type { StandardResult } from '../engine/types';
import { THEME_LABELS, type Framework } from '../frameworks/schema';

export interface Chart {
  title: string;
  /** Alternative text: the chart's figures in words, for screen readers and for Word's alt text. */
  alt: string;
  svg: string;
  width: number;
  height: number;
}

const COLOURS: Record<string, string> = { Outstanding: '#1b5e20', Good: '#2e7d32', 'Requires improvement': '#8a5300', Inadequate: '#b3261e' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standard's key question percentages as horizontal bars against the framework's band thresholds. */
export function keyQuestionChart(f: Framework, s: StandardResult): Chart {
  const width = 640;
  const left = 240;
  const barW = width - left - 60;
  const rowH = 34;
  const top = 40;
  const height = top + s.keyQuestions.length * rowH + 36;
  const thresholds = f.rules.keyQuestionBands.filter((b) => b.minPercent > 0);
  const x = (p: number) => left + (p / 100) * barW;
  const label = (k: StandardResult['keyQuestions'][number]) => `${k.id} ${k.theme ? THEME_LABELS[k.theme] : ''}`.trim();
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" role="img">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${esc(`${s.id} ${s.name}: key questions`)}</text>`,
  ];
  s.keyQuestions.forEach((k, i) => {
    const y = top + i * rowH;
    const p = k.percent ?? 0;
    parts.push(`<text x="10" y="${y + 18}" font-size="12" fill="#1a1a1a">${esc(label(k))}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${barW}" height="18" fill="#e6e6e6"/>`);
    if (k.band) parts.push(`<rect x="${left}" y="${y + 4}" width="${(p / 100) * barW}" height="18" fill="${COLOURS[k.band]}"/>`);
    parts.push(`<text x="${x(100) + 6}" y="${y + 18}" font-size="12" fill="#1a1a1a">${k.percent === null ? '–' : `${Math.round(p)}%`}</text>`);
  });
  for (const t of thresholds) {
    parts.push(`<line x1="${x(t.minPercent)}" y1="${top}" x2="${x(t.minPercent)}" y2="${height - 30}" stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(t.minPercent)}" y="${height - 14}" font-size="11" text-anchor="middle" fill="#1a1a1a">${t.minPercent}%</text>`);
  }
  parts.push('</svg>');
  const alt = `Bar chart of the key questions for ${s.id} ${s.name}: ${s.keyQuestions
    .map((k) => `${label(k)} ${k.percent === null ? 'no applicable cases' : `${Math.round(k.percent)}% (${k.yes} of ${k.applicable})`}`)
    .join('; ')}. Thresholds: ${thresholds.map((t) => `${t.rating} from ${t.minPercent}%`).join(', ')}.`;
  return { title: `${s.id} ${s.name}: key question results`, alt, svg: parts.join(''), width, height };
}
