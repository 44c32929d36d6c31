import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, formatHlc, nodeFromInstallation, parseHlc } from './hlc';

const A = nodeFromInstallation('0b7d8e0c-1111-4a2b-9c3d-00000000000a');
const B = nodeFromInstallation('0b7d8e0c-1111-4a2b-9c3d-00000000000b');

describe('hybrid logical clock', () => {
  it('serialises to a fixed-width string that sorts in time order and parses back', () => {
    const t = { millis: Date.parse('2019-06-03T10:15:00.000Z'), counter: 0x1f, node: A };
    expect(formatHlc(t)).toBe(`2019-06-03T10:15:00.000Z-001F-${A}`);
    expect(parseHlc(formatHlc(t))).toEqual(t);
    expect(() => parseHlc('yesterday')).toThrow(/not a clock value/);
  });

  it('never goes backwards, even when the wall clock does', () => {
    let wall = 1_000_000;
    const c = new HybridClock(A, () => wall);
    const a = c.send();
    wall -= 60_000; // the computer's clock is set back a minute
    const b = c.send();
    const d = c.send();
    expect(a < b && b < d).toBe(true);
    expect(parseHlc(b).millis).toBe(1_000_000);
  });

  it('after receiving a later timestamp from another laptop, local changes sort after it', () => {
    const fast = new HybridClock(B, () => 5_000_000); // a laptop whose clock runs ahead
    const slow = new HybridClock(A, () => 1_000_000);
    const remote = fast.send();
    slow.receive(remote);
    expect(slow.send() > remote).toBe(true);
  });

  it('orders any interleaving of sends and receives on two nodes consistently (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 60 }), (steps) => {
        let wallA = 1000;
        let wallB = 900;
        const a = new HybridClock(A, () => wallA);
        const b = new HybridClock(B, () => wallB);
        const seen: string[] = [];
        let lastA = '';
        let lastB = '';
        for (const [onA, tick, exchange] of steps) {
          if (onA) wallA += tick;
          else wallB += tick;
          const t = onA ? a.send() : b.send();
          // Each node's own timestamps strictly increase.
          expect(t > (onA ? lastA : lastB)).toBe(true);
          if (onA) lastA = t;
          else lastB = t;
          if (exchange) (onA ? b : a).receive(t);
          // Received timestamps are always below the receiver's next one.
          if (exchange) expect((onA ? b : a).send() > t).toBe(true);
          seen.push(t);
        }
        expect(new Set(seen).size).toBe(seen.length);
      }),
    );
  });
});
