import {
  type LimitName,
  type LimitSubject,
  type LimitValues,
  limitCounter,
  limitNames,
} from '@kirogate/contracts';
import type { LimitCounters, LimitProbe } from '@kirogate/platform';
import type { LimitsUsageView, LimitUsageView } from '../contract/views.ts';
import { wireNames } from './limit-values.ts';

/** Usage against each limit of several subjects, read in one round trip. */
export async function readLimitUsage(
  counters: LimitCounters,
  subjects: readonly { subject: LimitSubject; limits: LimitValues }[],
  now = new Date(),
): Promise<LimitsUsageView[]> {
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
    const out: Partial<LimitsUsageView> = {};
    for (const [n, name] of limitNames.entries()) {
      const i = s * limitNames.length + n;
      const reset = resets[i] ?? null;
      const usage: LimitUsageView = {
        limit: limits[name],
        used: round(values[i] ?? 0),
        resets_at: reset === null ? null : new Date(reset).toISOString(),
      };
      out[wireNames[name as LimitName]] = usage;
    }
    // Every limit name was filled just above.
    return out as LimitsUsageView;
  });
}

/** Credits are floats summed in Redis; four decimals are what a page shows. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
