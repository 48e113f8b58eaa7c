import { readFileSync } from 'node:fs';

/**
 * The notifier's clocks. Timers (setTimeout/setInterval) run on the monotonic clock, so a wall
 * clock jump never makes them fire early or late; what the wall clock is used for (the
 * schedule's time, "Later until tomorrow") is checked against the boot clock, which also counts
 * suspend: the difference between the two is a jump (NTP step, the person setting the time).
 */
export interface NotifierClock {
  /** Wall clock (CLOCK_REALTIME). */
  wall(): number;
  /** Time since boot including suspend (CLOCK_BOOTTIME), ms. */
  boot(): number;
}

/** /proc/uptime is CLOCK_BOOTTIME; performance.now() (CLOCK_MONOTONIC) stops during suspend. */
function bootMs(): number {
  try {
    const first = readFileSync('/proc/uptime', 'utf8').split(' ')[0];
    const seconds = Number(first);
    if (Number.isFinite(seconds)) return seconds * 1000;
  } catch {
    // No /proc (not Linux): the monotonic clock, which misses suspend but never jumps.
  }
  return performance.now();
}

export const systemClock: NotifierClock = { wall: () => Date.now(), boot: bootMs };

/** Steps smaller than this are drift and NTP slewing, not a jump. */
export const JUMP_TOLERANCE_MS = 2 * 60_000;

/** Notices wall clock jumps between two looks: how far the wall moved beyond real elapsed time. */
export class JumpDetector {
  private last: { wall: number; boot: number } | null = null;

  constructor(private readonly clock: NotifierClock) {}

  /** ms the wall clock jumped since the previous call (+ forward, − back), 0 when it did not. */
  check(): number {
    const now = { wall: this.clock.wall(), boot: this.clock.boot() };
    const before = this.last;
    this.last = now;
    if (!before) return 0;
    const jump = now.wall - before.wall - (now.boot - before.boot);
    return Math.abs(jump) > JUMP_TOLERANCE_MS ? jump : 0;
  }
}
