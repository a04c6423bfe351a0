import {
  type LimitName,
  type LimitSubject,
  type LimitValues,
  limitCounter,
  limitNames,
} from '@kirogate/contracts';
import type { LimitCounters, LimitProbe } from '@kirogate/platform';
import { wireNames } from './limit-values.ts';

export interface LimitUsage {
  /** 0 = no limit of this kind. */
  limit: number;
  /** Requests in the last minute, requests open now, credits or tokens in the current day or month. */
  used: number;
  /** When a budget starts again from zero; null for requests per minute and concurrency. */
  resets_at: string | null;
}

/** Usage against each limit of several subjects, read in one round trip. */
export async function readLimitUsage(
  counters: LimitCounters,
  subjects: readonly { subject: LimitSubject; limits: LimitValues }[],
  now = new Date(),
): Promise<Record<string, LimitUsage>[]> {
  const probes: LimitProbe[] = [];
  const resets: (number | null)[] = [];
  for (const { subject } of subjects) {
    for (const name of limitNames) {
      const counter = limitCounter(name, subject, now);
      probes.push(
        counter.kind === 'rate' ? { kind: 'rate', key: counter.key, windowMs: counter.windowMs } : counter,
      );
      resets.push(counter.kind === 'budget' ? counter.resetsAtMs : null);
    }
  }
  const values = await counters.read(probes);
  return subjects.map(({ limits }, s) => {
    const out: Record<string, LimitUsage> = {};
    for (const [n, name] of limitNames.entries()) {
      const i = s * limitNames.length + n;
      const reset = resets[i] ?? null;
      out[wireNames[name as LimitName]] = {
        limit: limits[name],
        used: round(values[i] ?? 0),
        resets_at: reset === null ? null : new Date(reset).toISOString(),
      };
    }
    return out;
  });
}

/** Credits are floats summed in Redis; four decimals are what a page shows. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
