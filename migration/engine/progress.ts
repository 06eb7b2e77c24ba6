/**
 * Progress of a long migration for people: a bar per table on a terminal
 * (records, records/min, ETA), a line at most every few seconds otherwise.
 * The ETA uses the measured rate once a batch is done, and until then what the
 * workspace's rate limit allows.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './run';

export interface ProgressView {
  update(event: ProgressEvent): void;
  stop(): void;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgressView(options: {
  tty: boolean;
  write: (line: string) => void;
  /** Records one request can carry and requests a minute: the ETA before anything is measured. */
  recordsPerMinuteAtLimit: number;
  lineIntervalMs?: number;
}): ProgressView {
  const startedAt = new Map<string, { t: number; done: number }>();
  const rateOf = (e: ProgressEvent) => {
    const key = `${e.phase}:${e.table}`;
    const start = startedAt.get(key);
    if (!start) {
      startedAt.set(key, { t: Date.now(), done: e.done });
      return undefined;
    }
    const minutes = (Date.now() - start.t) / 60_000;
    return minutes > 0.02 && e.done > start.done ? (e.done - start.done) / minutes : undefined;
  };
  const describe = (e: ProgressEvent) => {
    const rate = rateOf(e);
    const perMinute = rate ?? options.recordsPerMinuteAtLimit;
    const eta = ((e.total - e.done) / perMinute) * 60;
    return { rate: rate ? Math.round(rate) : 0, eta: duration(eta) };
  };
  if (options.tty) {
    const multi = new cliProgress.MultiBar(
      {
        format: '{phase} {label} [{bar}] {value}/{total} · {rate}/min · ETA {etaText}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<string, cliProgress.SingleBar>();
    return {
      update(e) {
        const key = `${e.phase}:${e.table}`;
        const { rate, eta } = describe(e);
        const payload = {
          phase: e.phase.padEnd(5),
          label: `${e.table} → ${e.target || '…'}`.padEnd(40),
          rate,
          etaText: eta,
        };
        let bar = bars.get(key);
        if (!bar) {
          bar = multi.create(Math.max(e.total, 1), e.done, payload);
          bars.set(key, bar);
        } else {
          bar.setTotal(Math.max(e.total, 1));
          bar.update(e.done, payload);
        }
      },
      stop() {
        multi.stop();
      },
    };
  }
  const interval = options.lineIntervalMs ?? 2_000;
  const last = new Map<string, number>();
  return {
    update(e) {
      const key = `${e.phase}:${e.table}`;
      const now = Date.now();
      const finished = e.done >= e.total;
      if (!finished && now - (last.get(key) ?? 0) < interval) {
        rateOf(e);
        return;
      }
      if (finished && last.get(key) === -1) return;
      last.set(key, finished ? -1 : now);
      const { rate, eta } = describe(e);
      const pct = e.total > 0 ? Math.floor((e.done / e.total) * 100) : 100;
      options.write(
        `${e.phase} ${e.table}${e.target ? ` → ${e.target}` : ''}: ${e.done}/${e.total} (${pct}%)${rate ? ` · ${rate}/min` : ''}${finished ? '' : ` · ETA ${eta}`}\n`,
      );
    },
    stop() {},
  };
}
