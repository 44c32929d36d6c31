/**
 * A hybrid logical clock, after the one Actual Budget uses for its sync (crdt/timestamp.ts): each
 * timestamp is wall-clock milliseconds, a counter and the node that made it, serialised as a fixed
 * width string that sorts in causal order, e.g. `2019-06-03T10:15:00.000Z-0001-9f86d081884c7d65`.
 * Changes made on several laptops then order without trusting any of their wall clocks: a laptop
 * never issues a timestamp lower than one it has seen, and equal wall times are told apart by the
 * counter and then the node.
 */

export interface HlcTimestamp {
  millis: number;
  counter: number;
  /** 16 hex digits naming the installation that issued the timestamp. */
  node: string;
}

export const MAX_COUNTER = 0xffff;
/** How far ahead of this machine's clock a timestamp may be before it is refused. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;
const NODE = /^[0-9a-f]{16}$/;
const SHAPE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9A-F]{4})-([0-9a-f]{16})$/;
/** What a serialised timestamp looks like (for zod and the file schema). */
export const HLC_PATTERN = SHAPE;

export class ClockError extends Error {}

export function formatHlc(t: HlcTimestamp): string {
  return `${new Date(t.millis).toISOString()}-${t.counter.toString(16).toUpperCase().padStart(4, '0')}-${t.node}`;
}

export function parseHlc(s: string): HlcTimestamp {
  const m = SHAPE.exec(s);
  const millis = m ? Date.parse(m[1]!) : NaN;
  if (!m || Number.isNaN(millis)) throw new ClockError(`not a clock value: ${s.slice(0, 60)}`);
  return { millis, counter: parseInt(m[2]!, 16), node: m[3]! };
}

/** The node id for an installation: the last 16 hex digits of its UUID. */
export function nodeFromInstallation(installationId: string): string {
  const hex = installationId.replace(/-/g, '').toLowerCase();
  const node = hex.slice(-16).padStart(16, '0');
  if (!NODE.test(node)) throw new ClockError(`installation id ${installationId} gives no node id`);
  return node;
}

/**
 * One installation's clock. `send` stamps a local change; `receive` folds in a timestamp from
 * elsewhere (an imported file, another inspector's return) so that every later local change sorts
 * after it.
 */
export class HybridClock {
  private last: HlcTimestamp;

  constructor(
    readonly node: string,
    private readonly wall: () => number = Date.now,
    latest?: string,
  ) {
    if (!NODE.test(node)) throw new ClockError(`node ids are 16 hex digits, not ${node}`);
    this.last = latest ? { ...parseHlc(latest), node } : { millis: 0, counter: 0, node };
  }

  send(): string {
    const phys = this.wall();
    const millis = Math.max(this.last.millis, phys);
    const counter = millis === this.last.millis ? this.last.counter + 1 : 0;
    // Unlike Actual, a clock pushed ahead by a file from a laptop whose clock was wrong does not stop
    // an inspector saving: local changes simply follow it (ordering stays right; only `at` tells wall time).
    this.last = counter > MAX_COUNTER ? { millis: millis + 1, counter: 0, node: this.node } : { millis, counter, node: this.node };
    return formatHlc(this.last);
  }

  /**
   * Merges a remote timestamp. A remote clock far in the future is still accepted when `strict` is
   * false (an old file from a laptop whose clock was wrong must still import), and the local clock
   * then simply runs on from it.
   */
  receive(remote: string, strict = false): void {
    const r = parseHlc(remote);
    const phys = this.wall();
    if (strict && r.millis - phys > MAX_DRIFT_MS) throw new ClockError(`a change is dated more than ${MAX_DRIFT_MS / 60000} minutes in the future: ${remote}`);
    const millis = Math.max(this.last.millis, phys, r.millis);
    const counter =
      millis === this.last.millis && millis === r.millis
        ? Math.max(this.last.counter, r.counter) + 1
        : millis === this.last.millis
          ? this.last.counter + 1
          : millis === r.millis
            ? r.counter + 1
            : 0;
    if (counter > MAX_COUNTER) {
      // Saturated: move to the next millisecond rather than fail an import.
      this.last = { millis: millis + 1, counter: 0, node: this.node };
      return;
    }
    this.last = { millis, counter, node: this.node };
  }

  latest(): string {
    return formatHlc(this.last);
  }
}
