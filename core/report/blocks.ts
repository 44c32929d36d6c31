import type { Rating } from '../domain/ratings';
import type { ReportSectionId } from '../domain/report-text';
import type { Chart } from './charts';

/**
 * The report as renderer-neutral blocks: the Word writer and the HTML writer (preview and PDF) draw
 * the same blocks, so the two outputs cannot drift apart.
 */
export interface Cell {
  text: string;
  /** Drawn in the rating's colour, always with its word. */
  rating?: Rating;
  bold?: boolean;
  /** Prompt rows in Annex 2 sit under their key question. */
  indent?: boolean;
  /** A group row (a domain in the ratings table). */
  group?: boolean;
}

export type Block =
  | { kind: 'heading'; level: 3 | 4; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'placeholder' | 'lead' | 'note' }
  | { kind: 'list'; ordered: boolean; items: string[]; start?: number }
  | { kind: 'rating'; label: string; rating: Rating | null; note?: string }
  | { kind: 'table'; name: string; header: string[]; rows: Cell[][]; widths: number[] }
  | { kind: 'chart'; chart: Chart; caption: string }
  | { kind: 'example'; title: string; paragraphs: string[] }
  | { kind: 'contents' };

/** A section of the report, or a domain's chapter; standards inside a chapter are level-2 headings. */
export interface ReportSection {
  id: ReportSectionId | `domain-${string}`;
  title: string;
  blocks: Block[];
  /** Chapters and annexes start a new page. */
  newPage: boolean;
  /** Level-2 sub-sections (a chapter's standards, an annex's parts), each with its blocks. */
  parts: { id: string; title: string; blocks: Block[] }[];
}

export const PLACEHOLDER_PREFIX = '[To be written: ';
export const placeholder = (what: string): Block => ({ kind: 'paragraph', text: `${PLACEHOLDER_PREFIX}${what}]`, tone: 'placeholder' });

/** Every string a block prints, for the personal-data check and for tests. */
export function blockTexts(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
    case 'paragraph':
      return [b.text];
    case 'list':
      return b.items;
    case 'rating':
      return [b.label, b.rating ?? '', b.note ?? ''];
    case 'table':
      return [...b.header, ...b.rows.flatMap((r) => r.map((c) => c.text))];
    case 'chart':
      return [b.chart.title, b.chart.alt, b.caption];
    case 'example':
      return [b.title, ...b.paragraphs];
    case 'contents':
      return [];
  }
}
