/**
 * Quiet hours: no campaign SMS between, by default, 21:00 and 09:00 Moscow time (a setting,
 * `HH:MM-HH:MM`, may wrap midnight). A send due inside them waits until they end. Moscow keeps
 * UTC+3 all year (no daylight saving since 2014), so the arithmetic is in fixed minutes.
 */

const MOSCOW_OFFSET_MIN = 180;
const DAY_MIN = 24 * 60;

export interface QuietHours {
  /** Minutes after Moscow midnight when quiet starts (inclusive). */
  startMin: number;
  /** Minutes after Moscow midnight when quiet ends (exclusive). */
  endMin: number;
}

/** `21:00-09:00` → minutes; null for a malformed text. An empty range (`00:00-00:00`) means none. */
export function parseQuietHours(text: string): QuietHours | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return null;
  return { startMin: h1 * 60 + m1, endMin: h2 * 60 + m2 };
}

function moscowMinuteOfDay(at: Date): number {
  const utcMin = Math.floor(at.getTime() / 60_000);
  return (((utcMin + MOSCOW_OFFSET_MIN) % DAY_MIN) + DAY_MIN) % DAY_MIN;
}

export function isQuiet(at: Date, quiet: QuietHours): boolean {
  const { startMin, endMin } = quiet;
  if (startMin === endMin) return false;
  const m = moscowMinuteOfDay(at);
  return startMin < endMin ? m >= startMin && m < endMin : m >= startMin || m < endMin;
}

/** When sending may resume: `at` itself outside quiet hours, else the end of the quiet period. */
export function nextSendableAt(at: Date, quiet: QuietHours): Date {
  if (!isQuiet(at, quiet)) return at;
  const m = moscowMinuteOfDay(at);
  const wait = (quiet.endMin - m + DAY_MIN) % DAY_MIN;
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + wait * 60_000);
}

export function quietHoursText(quiet: QuietHours): string {
  const hhmm = (min: number) =>
    `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  return `${hhmm(quiet.startMin)}–${hhmm(quiet.endMin)} (МСК)`;
}
