/** A manual clock for the rate limiter: time moves only when a test advances it. */
import type { LimiterClock } from '../../sdk/rate-limiter';

export interface FakeClock extends LimiterClock {
  advance(ms: number): Promise<void>;
  /** How many times anything slept: a busy loop would make this explode. */
  sleeps: number;
  /** Run pending promise callbacks without moving time. */
  settle(): Promise<void>;
}

export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let timers: Array<{ at: number; resolve: () => void }> = [];
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
  };
  const clock: FakeClock = {
    sleeps: 0,
    now: () => now,
    sleep(ms) {
      clock.sleeps++;
      return new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), resolve }));
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = Math.max(now, due.at);
        timers = timers.filter((t) => t !== due);
        due.resolve();
        await settle();
      }
      now = target;
      await settle();
    },
    settle,
  };
  return clock;
}
