import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumPathOrExit } from '../cli/find-chromium';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestBackend, connect, serveRenderer } from '../e2e/bridge';
import { DATABASE_FILE } from '../electron/main-process';
import { cachedStore, copyOfStore } from './fixtures';
import type { Row } from './measure';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Sets the hash and waits in the page until `ready()` holds; timed inside the page, so Playwright's own round trips do not count. */
async function timeInPage(page: Page, hash: string, ready: string): Promise<number> {
  return page.evaluate(
    ({ hash, ready }) =>
      new Promise<number>((done, fail) => {
        const check = new Function(`return (${ready})`) as () => boolean;
        const t0 = performance.now();
        const timeout = setTimeout(() => fail(new Error(`timed out waiting for ${ready}`)), 10_000);
        const obs = new MutationObserver(() => {
          if (check()) {
            (window as unknown as { __benchReady?: () => void }).__benchReady?.();
            obs.disconnect();
            clearTimeout(timeout);
            done(performance.now() - t0);
          }
        });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        location.hash = hash;
      }),
    { hash, ready },
  );
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ROWS = `document.querySelectorAll('table[aria-label="Cases"] tbody tr[data-index]').length`;

interface Setup {
  backend: TestBackend;
  page: Page;
  inspectionId: string;
  /** The responses of the commands the last navigation made, in order, for the transport no-op. */
  recorded: unknown[];
  recording: boolean;
  /** How many responses had been sent when the page reported its first screen ready. */
  readyAt: number;
}

/** A backend on a copy of a cached realistic store, and a page bridged to it, CSP lifted for the in-page timers. */
async function setup(browser: Browser, port: number, cases: number, log: (s: string) => void): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldwork-bench-ui-'));
  copyOfStore(cachedStore({ inspections: 1, casesPerInspection: cases }, log), dataDir, DATABASE_FILE);
  const backend = new TestBackend(dataDir);
  // The cached inspections are final (published); one being worked on is a draft.
  backend.main.store.setInspectionStatus(backend.main.store.listInspections()[0]!.id, 'draft');
  const s: Setup = { backend, page: await browser.newPage({ viewport: { width: 1280, height: 800 } }), inspectionId: backend.main.store.listInspections()[0]!.id, recorded: [], recording: false, readyAt: 0 };
  const dispatch = backend.main.dispatch;
  backend.main.dispatch = async (m) => {
    const r = await dispatch(m);
    if (s.recording) s.recorded.push(r);
    return r;
  };
  await connect(s.page, backend);
  // The transport no-op: the same bridge, handing back a response already computed, so only the
  // cost of carrying that payload is timed, none of the handler's work.
  await s.page.exposeBinding('__benchEcho', (_source, i: number) => s.recorded[i]);
  await s.page.exposeBinding('__benchReady', () => {
    s.readyAt = s.recorded.length;
  });
  // The page's CSP forbids eval, and timeInPage builds its check with Function: benchmarks only, so the
  // page is loaded without the header policy here. The e2e suite checks the CSP itself.
  await s.page.route('**/*', async (route) => {
    const r = await route.fetch();
    const headers = { ...r.headers() };
    delete headers['content-security-policy'];
    const body = (await r.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    await route.fulfill({ response: r, headers, body });
  });
  await s.page.goto(`http://127.0.0.1:${port}/`);
  await s.page.getByRole('heading', { name: 'Inspections' }).waitFor();
  return s;
}

/** First screen of the case list, the transport its calls cost, and what the page holds afterwards. */
async function caseList(s: Setup) {
  const { page, inspectionId } = s;
  const home = async () => {
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Inspections' }).waitFor();
  };
  const raw: number[] = [];
  for (let i = 0; i < 11; i++) {
    await home();
    s.recorded = [];
    s.recording = i === 10;
    raw.push(await timeInPage(page, `#/inspections/${inspectionId}`, `${ROWS} >= 20`));
    s.recording = false;
  }
  // The rest of a long list arrives page by page after the first screen: the transport no-op below is
  // timed once it has all arrived (search is offered then), so it does not share the page with it.
  await page.getByLabel('Search cases').and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const transport = p50(
    await page.evaluate(async (n) => {
      const echo = (window as unknown as { __benchEcho: (i: number) => Promise<unknown> }).__benchEcho;
      const t: number[] = [];
      for (let k = 0; k < 11; k++) {
        const s = performance.now();
        for (let i = 0; i < n; i++) await echo(i);
        t.push(performance.now() - s);
      }
      return t;
    }, s.readyAt),
  );
  // Only the responses the first screen waited for: ones sent before the page reported it ready.
  const bytes = s.recorded.slice(0, s.readyAt).reduce<number>((n, r) => n + JSON.stringify(r).length, 0);
  await page.waitForTimeout(300);
  const shape = await page.evaluate(() => ({
    nodes: document.getElementsByTagName('*').length,
    rows: document.querySelectorAll('table[aria-label="Cases"] tbody tr[data-index]').length,
    heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
  }));
  return { raw: p50(raw), p90: p90(raw), transport, bytes, calls: s.readyAt, ...shape };
}

export async function rendererBenchmarks(log: (s: string) => void): Promise<Row[]> {
  const server = await serveRenderer();
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: chromiumPathOrExit(), args: CHROMIUM_ARGS });
  const rows: Row[] = [];
  try {
    for (const n of [300, 3000]) {
      const s = await setup(browser, port, n, log);
      try {
        log(`case list of ${n}…`);
        const r = await caseList(s);
        const net = r.raw - r.transport;
        rows.push(
          { id: `caselist.first.${n}`, name: `case list of ${n.toLocaleString('en-GB')} realistic cases: first screen in Chromium, net of transport (p50)`, value: net, unit: 'ms', ...(n === 3000 ? { target: '≤ 2× caselist.first.300', met: net <= 2 * (rows.find((x) => x.id === 'caselist.first.300')?.value ?? 0) } : { target: '< 100 ms', met: net < 100 }) },
          { id: `caselist.first.${n}.raw`, name: `case list of ${n.toLocaleString('en-GB')}: first screen including the test bridge (p50)`, value: r.raw, unit: 'ms' },
          { id: `caselist.transport.${n}`, name: `case list of ${n.toLocaleString('en-GB')}: transport alone, the ${r.calls} responses it waited for (${(r.bytes / 1024).toFixed(0)} KB) handed back by a no-op (p50)`, value: r.transport, unit: 'ms' },
          { id: `caselist.dom-nodes.${n}`, name: `case list of ${n.toLocaleString('en-GB')}: DOM elements on the page (${r.rows} rows mounted)`, value: r.nodes, unit: 'elements' },
          { id: `caselist.heap.${n}`, name: `case list of ${n.toLocaleString('en-GB')}: JS heap in use`, value: r.heap / 2 ** 20, unit: 'MB' },
        );
        if (n === 300) {
          log('case screen…');
          rows.push(...(await caseScreen(s)));
        }
      } finally {
        await s.page.close();
        s.backend.close();
      }
    }
    const small = rows.find((x) => x.id === 'caselist.first.300')!.value;
    const large = rows.find((x) => x.id === 'caselist.first.3000')!.value;
    rows.push({ id: 'scale.cases.caselist-first', name: 'case list first screen, 300 → 3,000 cases: growth (10× the data)', value: large / small, unit: '×', target: '≤ 2×', met: large / small <= 2 });
    return rows;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Opening a case and saving from the keyboard, in the 300-case inspection. */
async function caseScreen(s: Setup): Promise<Row[]> {
  const { page, backend, inspectionId } = s;
  const cases = backend.main.store.listCases(inspectionId).filter((c) => c.sample === 'case-supervision');
  const openTimes: number[] = [];
  const openAllTimes: number[] = [];
  const saveTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const c = cases[i * 7]!;
    // Mid-fieldwork: the case is still open for scoring (the stored inspection's cases are complete).
    await backend.main.dispatch({ command: 'case.complete', input: { caseId: c.id, complete: false } });
    // The keypresses below answer the first three key questions in turn, so they start unanswered.
    for (const questionId of ['2.1.1', '2.1.2', '2.1.3']) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId, value: null } });
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Inspections' }).waitFor();
    // Ready to score: the first key question is focused and answerable; then the whole form.
    openTimes.push(await timeInPage(page, `#/cases/${c.id}`, `document.activeElement?.getAttribute('data-kq') === '2.1.1'`));
    await page.waitForSelector('[data-kq="2.4.3"], [data-kq="2.3.3"]');
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Inspections' }).waitFor();
    openAllTimes.push(await timeInPage(page, `#/cases/${c.id}`, `!!document.querySelector('[data-kq="2.3.3"]')`));
    for (const key of ['y', 'n', 'a']) {
      saveTimes.push(
        await page.evaluate(
          (key) =>
            new Promise<number>((done, fail) => {
              setTimeout(() => fail(new Error(`no save seen after pressing ${key}`)), 10_000);
              const el = document.querySelector('[data-testid="save-state"]')!;
              let sawSaving = false;
              const t0 = performance.now();
              const obs = new MutationObserver(() => {
                const text = el.textContent ?? '';
                if (text.startsWith('Saving')) sawSaving = true;
                else if (sawSaving && text.startsWith('Saved')) {
                  obs.disconnect();
                  done(performance.now() - t0);
                }
              });
              obs.observe(el, { childList: true, subtree: true, characterData: true });
              window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
            }),
          key,
        ),
      );
    }
  }
  return [
    { id: 'case.open.ready.p50', name: 'open a realistic case: ready to score (p50, test bridge included)', value: p50(openTimes), unit: 'ms', target: '< 100 ms', met: p50(openTimes) < 100 },
    { id: 'case.open.ready.p90', name: 'open a realistic case: ready to score (p90)', value: p90(openTimes), unit: 'ms' },
    { id: 'case.open.whole.p50', name: 'open a realistic case: whole form (p50)', value: p50(openAllTimes), unit: 'ms' },
    { id: 'case.keypress-saved.p50', name: 'keypress to saved indicator (p50, test bridge included)', value: p50(saveTimes), unit: 'ms', target: '< 50 ms', met: p50(saveTimes) < 50 },
    { id: 'case.keypress-saved.p90', name: 'keypress to saved indicator (p90)', value: p90(saveTimes), unit: 'ms' },
  ];
}
