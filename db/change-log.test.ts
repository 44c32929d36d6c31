import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvariantError, caseStandards, shippedFrameworks } from '../core';
import { openDatabase } from './connection';
import { Store, StoreError } from './store';

const f = shippedFrameworks().get('crc-2018')!;
const KQS = caseStandards(f, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));
const DOMAIN = ['provider', 'inspection', 'case_file', 'answer', 'judgement', 'judgement_note', 'rating_override', 'standard_text', 'recommendation', 'recommendation_progress', 'recorded_rating', 'recorded_key_question', 'field_revision'];

const newStore = (name = 'Inspector A', path = join(mkdtempSync(join(tmpdir(), 'fieldwork-log-')), 'f.sqlite')) => {
  const s = new Store(openDatabase(path));
  s.setUserName(name);
  return s;
};
const inspection = (s: Store) =>
  s.createInspection({ newProvider: { name: 'Kent CRC', type: 'CRC', owner: '', region: '' }, frameworkId: 'crc-2018', frameworkRevision: '2019-07', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10', caseloadSize: null });
const newCase = (inspectionId: string, ref: string) => ({ inspectionId, ref, crn: 'X1', name: 'Sam', sample: 'case-supervision', assignedInspector: '', attributes: { reviewDue: true } });

/** Every domain table, every column: what "the same store" means. */
function snapshot(db: Database.Database) {
  const tables = Object.fromEntries(DOMAIN.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));
  return { ...tables, change_log: db.prepare('SELECT * FROM change_log ORDER BY clock').all().map((r) => ({ ...(r as object), seq: undefined })) };
}

describe('the change log', () => {
  it('refuses UPDATE and DELETE: it is append-only in the database itself', () => {
    const s = newStore();
    inspection(s);
    expect(s.changes().length).toBeGreaterThan(0);
    expect(() => s.db.prepare("UPDATE change_log SET actor_name = 'Someone else'").run()).toThrow(/append-only: changes are never updated/);
    expect(() => s.db.prepare('DELETE FROM change_log').run()).toThrow(/append-only: changes are never deleted/);
    expect(() => s.db.prepare("INSERT INTO change_log (clock, entity, entity_id, field, value, previous, actor_id, actor_name, at) VALUES ('x', 'nonsense', 'i', 'f', 'null', 'null', 'a', 'A', 't')").run()).toThrow(/FOREIGN KEY/);
    expect(() => s.db.prepare("INSERT INTO change_log (clock, entity, entity_id, field, value, previous, actor_id, actor_name, at) VALUES ('x', 'case', 'i', 'f', 'null', 'null', 'a', '  ', 't')").run()).toThrow(/CHECK/);
  });

  it('records each change once with its entity, field, typed values, base revision, clock, actor and time', () => {
    const s = newStore();
    const i = inspection(s);
    const c = s.addCase(newCase(i.id, 'CS-01'));
    s.setAnswer(c.id, '2.1.1', 'yes');
    const first = s.changes(i.id).at(-1)!;
    s.setAnswer(c.id, '2.1.1', 'no');
    s.setAnswer(c.id, '2.1.1', 'no'); // no change, nothing logged
    const last = s.changes(i.id).at(-1)!;
    expect(last).toMatchObject({ entity: 'answer', field: 'value', value: 'no', previous: 'yes', baseRevision: first.clock, actor: s.user()!, caseId: c.id, item: '2.1.1' });
    expect(last.clock > first.clock).toBe(true);
    // The field's revision is the clock of the change that last set it: "changed since base" is one comparison.
    expect(s.revision('answer', last.id, 'value')).toBe(last.clock);
    expect(s.revision('answer', last.id, 'note')).toBe(first.clock);
    expect(s.changes(i.id).filter((x) => x.entity === 'answer' && x.field === 'value')).toHaveLength(1);
  });

  it('keeps the user id when they rename themselves, and refuses an empty name', () => {
    const s = newStore('Inspector A');
    const before = s.user()!;
    s.setUserName('Inspector A. Jones');
    expect(s.user()).toEqual({ id: before.id, name: 'Inspector A. Jones' });
    expect(() => s.setUserName('  ')).toThrow(StoreError);
  });

  it('refuses to write without a user: no empty "who"', () => {
    const s = new Store(openDatabase(':memory:'));
    expect(() => inspection(s)).toThrow(expect.objectContaining({ code: 'IDENTITY_REQUIRED' }));
    expect(s.listInspections()).toEqual([]);
  });

  it('a bad change is refused whole, with a plain message, and writes nothing', () => {
    const s = newStore();
    const i = inspection(s);
    const before = snapshot(s.db);
    expect(() =>
      s.apply([
        { entity: 'inspection', id: i.id, field: 'caseloadSize', value: 12 },
        { entity: 'inspection', id: i.id, field: 'status', value: 'archived' },
      ]),
    ).toThrow(new InvariantError('INVALID', 'That is not a valid value for the status inspection.'));
    expect(() => s.apply([{ entity: 'case', id: 'x', field: 'nonsense', value: 1 }])).toThrow(InvariantError);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('replaying the log of a random sequence of changes into an empty store rebuilds the same store (property)', () => {
    type Op =
      | { op: 'case'; ref: number }
      | { op: 'answer'; c: number; q: number; v: 'yes' | 'no' | 'na' | null }
      | { op: 'note'; c: number; q: number; text: string }
      | { op: 'complete'; c: number; done: boolean }
      | { op: 'judgement'; rating: 'Good' | null; text: string }
      | { op: 'override'; set: boolean; reason: string }
      | { op: 'text'; strengths: string }
      | { op: 'recs'; items: string[] }
      | { op: 'progress'; items: string[] }
      | { op: 'status'; final: boolean };
    const text = fc.string({ maxLength: 12 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('case' as const), ref: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ op: fc.constant('answer' as const), c: fc.nat(4), q: fc.nat(KQS.length - 1), v: fc.constantFrom('yes' as const, 'no' as const, 'na' as const, null) }),
      fc.record({ op: fc.constant('note' as const), c: fc.nat(4), q: fc.nat(KQS.length - 1), text }),
      fc.record({ op: fc.constant('complete' as const), c: fc.nat(4), done: fc.boolean() }),
      fc.record({ op: fc.constant('judgement' as const), rating: fc.constantFrom('Good' as const, null), text }),
      fc.record({ op: fc.constant('override' as const), set: fc.boolean(), reason: fc.string({ minLength: 1, maxLength: 10 }).filter((x) => x.trim() !== '') }),
      fc.record({ op: fc.constant('text' as const), strengths: text }),
      fc.record({ op: fc.constant('recs' as const), items: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 4 }) }),
      fc.record({ op: fc.constant('progress' as const), items: fc.array(fc.string({ minLength: 1, maxLength: 8 }).filter((x) => x.trim() !== ''), { maxLength: 3 }) }),
      fc.record({ op: fc.constant('status' as const), final: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        // In memory: the property is about the write path, not the disk, and this runs many times.
        const s = newStore('Inspector A', ':memory:');
        const i = inspection(s);
        const cases: string[] = [];
        for (const o of ops) {
          try {
            const c = 'c' in o ? cases[o.c % Math.max(cases.length, 1)] : undefined;
            if (o.op === 'case') cases.push(s.addCase(newCase(i.id, `CS-${o.ref}-${cases.length}`)).id);
            else if (o.op === 'answer' && c) s.setAnswer(c, KQS[o.q]!, o.v);
            else if (o.op === 'note' && c) s.setNote(c, KQS[o.q]!, o.text);
            else if (o.op === 'complete' && c) s.setCompleted(c, o.done);
            else if (o.op === 'judgement') s.setJudgement(i.id, '1.1', o.rating, o.text);
            else if (o.op === 'override') s.setOverride(i.id, '2.1', o.set ? { rating: 'Good', reason: o.reason } : null);
            else if (o.op === 'text') s.setStandardText(i.id, '2.1', { strengths: o.strengths, improvements: '' });
            else if (o.op === 'recs') s.setRecommendations(i.id, o.items);
            else if (o.op === 'progress') s.setRecommendationProgress(i.id, o.items.map((t) => ({ text: t, progress: 'met', note: '' })));
            else if (o.op === 'status') s.setInspectionStatus(i.id, o.final ? 'final' : 'draft');
          } catch (e) {
            // Refusals (an incomplete case, a final inspection) are part of the sequence; anything else is a bug.
            if (!(e instanceof InvariantError)) throw e;
          }
        }
        const rebuilt = newStore('Someone else entirely', ':memory:');
        rebuilt.replay(s.changes());
        expect(snapshot(rebuilt.db)).toEqual(snapshot(s.db));
        // Replaying again changes nothing: every change is already in the log.
        expect(rebuilt.replay(s.changes())).toEqual({ applied: 0, skipped: s.changes().length });
        s.db.close();
        rebuilt.db.close();
      }),
      { numRuns: 40 },
    );
  });
});
