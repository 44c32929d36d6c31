import { RATING_PRINT } from '../domain/ratings';
import type { StandardResult } from '../engine/types';
import { questionIndex } from '../frameworks/load';
import { THEME_LABELS, type Framework } from '../frameworks/schema';
import { fewerThan } from './findings';

export interface Chart {
  title: string;
  /** Alternative text: the chart's figures in words, for screen readers and for Word's alt text. */
  alt: string;
  svg: string;
  width: number;
  height: number;
}

/** The charts' font, named first in every chart (the Word report loads only its files where it can). */
export const CHART_FONT = 'DejaVu Sans';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A standard's key question percentages as horizontal bars against the framework's band thresholds.
 * A key question with a base under the small-cell threshold gets no bar and no percentage.
 */
export function keyQuestionChart(f: Framework, s: StandardResult, threshold: number): Chart {
  const width = 640;
  const left = 240;
  const barW = width - left - 60;
  const rowH = 34;
  const top = 40;
  const height = top + s.keyQuestions.length * rowH + 36;
  const thresholds = f.rules.keyQuestionBands.filter((b) => b.minPercent > 0);
  const x = (p: number) => left + (p / 100) * barW;
  // Key questions outside the three shared themes (chapter 4, say) are labelled from their own wording.
  const short = (t: string) => (t.length > 30 ? `${t.slice(0, 29).trimEnd()}…` : t);
  const label = (k: StandardResult['keyQuestions'][number]) =>
    `${k.id} ${k.theme ? THEME_LABELS[k.theme] : short(questionIndex(f).get(k.id)?.keyQuestion.finding ?? '')}`.trim();
  const shown = (k: StandardResult['keyQuestions'][number]) => k.percent !== null && k.applicable >= threshold;
  const figure = (k: StandardResult['keyQuestions'][number]) => (k.percent === null ? '–' : shown(k) ? `${Math.round(k.percent)}%` : fewerThan(threshold));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT}, Arial, sans-serif" role="img">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${esc(`${s.id} ${s.name}: key questions`)}</text>`,
  ];
  s.keyQuestions.forEach((k, i) => {
    const y = top + i * rowH;
    const p = k.percent ?? 0;
    parts.push(`<text x="10" y="${y + 18}" font-size="12" fill="#1a1a1a">${esc(label(k))}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${barW}" height="18" fill="#e6e6e6"/>`);
    if (k.band && shown(k)) parts.push(`<rect x="${left}" y="${y + 4}" width="${(p / 100) * barW}" height="18" fill="${RATING_PRINT[k.band].fill}" stroke="#1a1a1a" stroke-width="0.5"/>`);
    parts.push(`<text x="${shown(k) ? x(100) + 6 : left + 8}" y="${y + 18}" font-size="12" fill="#1a1a1a">${esc(figure(k))}</text>`);
  });
  for (const t of thresholds) {
    parts.push(`<line x1="${x(t.minPercent)}" y1="${top}" x2="${x(t.minPercent)}" y2="${height - 30}" stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(t.minPercent)}" y="${height - 14}" font-size="11" text-anchor="middle" fill="#1a1a1a">${t.minPercent}%</text>`);
  }
  parts.push('</svg>');
  const alt = `Bar chart of the key questions for ${s.id} ${s.name}: ${s.keyQuestions
    .map((k) => `${label(k)} ${k.percent === null ? 'no applicable cases' : shown(k) ? `${Math.round(k.percent)}% (${k.band})` : `${fewerThan(threshold)} cases`}`)
    .join('; ')}. Thresholds: ${thresholds.map((t) => `${t.rating} from ${t.minPercent}%`).join(', ')}.`;
  return { title: `${s.id} ${s.name}: key question results`, alt, svg: parts.join(''), width, height };
}
