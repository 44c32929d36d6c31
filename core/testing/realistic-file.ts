import type { InspectionFile } from '../format/inspection-file';
import { shippedFrameworks } from '../frameworks/load';
import { realisticInspection } from './build-inspection';

const FRAMEWORK = shippedFrameworks().get('crc-2018')!;

/** A realistic inspection as a file: every applicable key question and prompt answered, notes on every No, its audit trail. */
export function realisticFile(id: string, provider: string, cases: number, seed: number): InspectionFile {
  const built = realisticInspection(FRAMEWORK, cases, seed);
  const year = 2016 + (seed % 8);
  const month = String(1 + (seed % 12)).padStart(2, '0');
  const at = `${year}-${month}-05T10:00:00.000Z`;
  const by = `Inspector ${1 + (seed % 6)}`;
  return {
    formatVersion: 1,
    id,
    framework: FRAMEWORK.id,
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: `${year}-${month}-01`, fieldworkEnd: `${year}-${month}-12`, caseloadSize: 4000 + (seed % 900), status: 'final' },
    cases: built.cases.map((c, i) => ({
      ref: c.ref,
      crn: `X${String(100000 + i)}`,
      name: `Person ${i}`,
      sample: c.sample,
      status: 'complete',
      assignedInspector: by,
      attributes: c.attributes,
      answers: { ...c.answers },
      notes: c.notes,
    })),
    judgements: built.judgements,
    recommendations: [{ text: 'Improve the quality of risk assessment.' }, { text: 'Review workloads so that case managers can see people often enough.' }],
    // What the inspectors' saves left behind: one entry per answer and one per evidence note.
    // Each case scored a minute after the one before: a day's work, not 200,000 saves in one millisecond
    // (the log's clock counts at most 65,536 changes per millisecond).
    audit: built.cases.flatMap((c, i) => {
      const when = new Date(Date.parse(at) + i * 60_000).toISOString();
      return [
        ...Object.entries(c.answers).map(([q, v]) => ({ caseRef: c.ref, what: 'answer' as const, item: q, oldValue: null, newValue: v, changedBy: by, changedAt: when })),
        ...Object.entries(c.notes).map(([q, v]) => ({ caseRef: c.ref, what: 'note' as const, item: q, oldValue: '', newValue: v, changedBy: by, changedAt: when })),
      ];
    }),
  };
}
