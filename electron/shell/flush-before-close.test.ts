import { describe, expect, it } from 'vitest';
import { flushBeforeClose } from './flush-before-close';

describe('flushing before the window closes', () => {
  it('waits for the page to finish writing', async () => {
    let written = false;
    const outcome = await flushBeforeClose(() => new Promise((ok) => setTimeout(() => ((written = true), ok(true)), 50)), 1000);
    expect(outcome).toBe('flushed');
    expect(written).toBe(true);
  });

  it('a page with nothing to flush, or one that fails, does not stop the close', async () => {
    expect(await flushBeforeClose(() => Promise.resolve(false), 1000)).toBe('nothing-to-flush');
    expect(await flushBeforeClose(() => Promise.reject(new Error('page gone')), 1000)).toBe('failed');
  });

  it('a hung page is waited for only as long as the bound', async () => {
    const started = Date.now();
    expect(await flushBeforeClose(() => new Promise(() => {}), 100)).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
