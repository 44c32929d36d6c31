import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameworkRegistry, contract, type ApiResult, type CommandName } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import { GENERIC_ERROR, createDispatcher, type Handlers } from './dispatch';
import { createHandlers } from './handlers';
import { NO_SERVICES } from '../services';

let main: MainProcess;
const errors: unknown[][] = [];
beforeEach(() => {
  errors.length = 0;
  main = startMainProcess({
    dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-ipc-')),
    version: '0.0.0-test',
    user: 'Test Inspector',
    log: { error: (...args) => errors.push(args) },
  });
});
afterEach(() => main.close());

async function send<T = unknown>(command: string, input?: unknown): Promise<ApiResult<T>> {
  return (await main.dispatch({ command, input })) as ApiResult<T>;
}
async function ok<T = Record<string, unknown>>(command: string, input?: unknown): Promise<T> {
  const r = await send<T>(command, input);
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
  return r.value;
}
const newInspection = {
  newProvider: { name: 'Essex CRC', type: 'CRC' },
  frameworkId: 'crc-2018',
  fieldworkStart: '2018-06-04',
  fieldworkEnd: '2018-06-15',
  caseloadSize: 4171,
};

describe('IPC through the real handlers', () => {
  it('creates a provider and inspection, adds a case and answers it', async () => {
    const insp = await ok<{ id: string; provider: { name: string }; frameworkRevision: string }>('inspection.create', newInspection);
    expect(insp.provider.name).toBe('Essex CRC');
    expect(insp.frameworkRevision).toBe('2019-07');
    const c = await ok<{ id: string }>('case.add', { inspectionId: insp.id, ref: 'CS-01', crn: 'E111111', name: 'A Person' });
    const saved = await ok('case.answer', { caseId: c.id, questionId: '2.1.3', value: 'no' });
    expect(saved).toMatchObject({ questionId: '2.1.3', value: 'no' });
    const detail = await ok<{ answers: unknown[] }>('case.get', { caseId: c.id });
    expect(detail.answers).toEqual([expect.objectContaining({ questionId: '2.1.3', value: 'no' })]);
    expect(await ok<unknown[]>('inspection.list', {})).toHaveLength(1);
  });

  it('invalid input returns field-level messages and writes nothing', async () => {
    const r = await send('inspection.create', { ...newInspection, newProvider: { name: '  ', type: 'Prison' }, fieldworkEnd: '2018-01-01' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fieldErrors).toMatchObject({
      'newProvider.name': 'required',
      'newProvider.type': expect.any(String),
    });
    expect(await ok<unknown[]>('provider.list', {})).toEqual([]);
  });

  it('a date range ending before it starts is a field error', async () => {
    const r = await send('inspection.create', { ...newInspection, fieldworkEnd: '2018-01-01' });
    expect(!r.ok && r.error.fieldErrors?.fieldworkEnd).toBe('fieldwork cannot end before it starts');
  });

  it('a question outside the case sample is refused', async () => {
    const insp = await ok<{ id: string }>('inspection.create', newInspection);
    const c = await ok<{ id: string }>('case.add', { inspectionId: insp.id, ref: 'UPW-1', sample: 'unpaid-work' });
    const r = await send('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await ok<{ answers: unknown[] }>('case.get', { caseId: c.id })).answers).toEqual([]);
  });

  it('duplicate case refs are a CONFLICT on the ref field', async () => {
    const insp = await ok<{ id: string }>('inspection.create', newInspection);
    await ok('case.add', { inspectionId: insp.id, ref: 'CS-01' });
    const r = await send('case.add', { inspectionId: insp.id, ref: 'CS-01' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', fieldErrors: { ref: expect.stringContaining('CS-01') } } });
  });

  it.each([
    ['not an object', 'case.answer'],
    [null, 'case.get'],
    [{ caseId: 'not-a-uuid' }, 'case.get'],
    [{ caseId: '00000000-0000-4000-8000-000000000000', questionId: '2.1.1', value: 'maybe' }, 'case.answer'],
    [{ caseId: '00000000-0000-4000-8000-000000000000', questionId: '__proto__', value: 'yes' }, 'case.answer'],
    [{ extra: 1 }, 'provider.list'],
    [{ name: 5, type: 'CRC' }, 'provider.create'],
  ])('malformed input %j to %s is a validation error', async (input, command) => {
    const r = await send(command, input);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('unknown commands and malformed messages are refused', async () => {
    expect(await send('case.delete_everything', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await send('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await main.dispatch('case.get')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a missing record is NOT_FOUND', async () => {
    expect(await send('case.get', { caseId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the no-op command answers', async () => {
    expect(await ok('system.ping', {})).toEqual({ pong: true });
  });
});

describe('dispatcher', () => {
  const stub = (overrides: Partial<Handlers>): Handlers => {
    const base = Object.fromEntries(Object.keys(contract).map((k) => [k, () => { throw new Error(`unexpected ${k}`); }]));
    return { ...base, ...overrides } as Handlers;
  };

  it('unknown errors are logged in main and cross only as a generic message', async () => {
    const log = { error: vi.fn() };
    const dispatch = createDispatcher(stub({ 'provider.list': () => { throw new Error('disk on fire at /home/x/secret'); } }), log);
    const r = await dispatch({ command: 'provider.list', input: {} });
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: GENERIC_ERROR } });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('output that breaks the contract never reaches the renderer', async () => {
    const log = { error: vi.fn() };
    const dispatch = createDispatcher(stub({ 'system.ping': () => ({ pong: 'yes' }) as unknown as { pong: true } }), log);
    expect(await dispatch({ command: 'system.ping', input: {} })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('the handler map implements exactly the contract', () => {
    const handlers = createHandlers({ store: main.store, frameworks: new FrameworkRegistry(), app: { version: '', dataPath: '' }, services: NO_SERVICES });
    expect(Object.keys(handlers).sort()).toEqual((Object.keys(contract) as CommandName[]).sort());
  });
});
