import { nowUs, sleep } from './clock.ts';
import type { GatewayInspector, LiveMemory } from './gateway-inspector.ts';
import { loadPool, sendTimed, type TimedResponse } from './load-client.ts';
import { gatewayRequest } from './request-shape.ts';
import type { Rig } from './rig.ts';
import type { SimStatsProbe } from './sim-stats-probe.ts';

export interface StreamMemorySettings {
  streams: number;
  /** Streams are opened in batches so the accept queue and the simulator keep up. */
  batch: number;
  openTimeoutMs: number;
}

export interface StreamMemoryResult {
  streams: number;
  opened: number;
  errors: number;
  firstError?: string;
  /** Every memory figure is read right after a forced full GC (see gateway-inspector.ts). */
  idle: LiveMemory;
  open: LiveMemory;
  /** Two seconds after the streams closed: what the gateway failed to give back. */
  after: LiveMemory;
  rssPer1000StreamsBytes: number;
  heapPer1000StreamsBytes: number;
  /** Time from closing every client socket until the simulator saw every upstream stream aborted. */
  massAbortMs: number;
  upstreamAborted: number;
}

/**
 * RSS per 1,000 open streams: slow streams (one event a second) are opened and held
 * while the gateway's memory is read after a forced GC, then every client socket is closed at once and
 * the simulator's `streams.aborted` must account for all of them.
 */
export async function measureStreamMemory(
  rig: Rig,
  probe: SimStatsProbe,
  inspector: GatewayInspector,
  settings: StreamMemorySettings,
): Promise<StreamMemoryResult> {
  const shape = gatewayRequest({
    format: 'openai',
    origin: rig.gatewayUrl,
    proxyApiKey: rig.proxyApiKey,
    prompt: 'Benchmark held stream [[sim:text 120]] [[sim:delay 1000]]',
    stream: true,
  });
  const idle = await inspector.liveMemory();
  const abortedBefore = (await probe.streams()).aborted;
  const pool = loadPool(rig.gatewayUrl, settings.streams);
  const stop = new AbortController();
  const guard = setTimeout(() => stop.abort(), settings.openTimeoutMs + 60_000);
  let opened = 0;
  const running: Promise<TimedResponse>[] = [];
  try {
    const allOpen = Promise.withResolvers<void>();
    const onFirst = (_at: number, added: number, total: number) => {
      if (total === added && ++opened === settings.streams) allOpen.resolve();
    };
    const openUntilUs = nowUs() + settings.openTimeoutMs * 1000;
    for (let index = 0; index < settings.streams && nowUs() < openUntilUs; index++) {
      if (index > 0 && index % settings.batch === 0) await sleep(50);
      running.push(sendTimed(pool, shape, { countContent: true, signal: stop.signal, onContent: onFirst }));
    }
    await Promise.race([allOpen.promise, sleep(Math.max(0, (openUntilUs - nowUs()) / 1000))]);
    // Let every stream get past its first write (socket buffers, timers) before reading memory.
    await sleep(1_500);
    const open = await inspector.liveMemory();
    const openedAtSample = opened;
    const abortAtUs = nowUs();
    stop.abort();
    let upstreamAborted = 0;
    let massAbortMs = Number.NaN;
    const pollUntilUs = abortAtUs + 10_000_000;
    while (nowUs() < pollUntilUs) {
      upstreamAborted = (await probe.streams()).aborted - abortedBefore;
      if (upstreamAborted >= openedAtSample) {
        massAbortMs = (nowUs() - abortAtUs) / 1000;
        break;
      }
      await sleep(5);
    }
    const responses = await Promise.all(running);
    const failed = responses.filter((response) => response.error && response.error !== 'aborted');
    await sleep(2_000);
    const after = await inspector.liveMemory();
    return {
      streams: settings.streams,
      opened: openedAtSample,
      errors: failed.length,
      ...(failed[0]?.error && { firstError: failed[0].error }),
      idle,
      open,
      after,
      rssPer1000StreamsBytes: perThousand(open.rssBytes - idle.rssBytes, openedAtSample),
      heapPer1000StreamsBytes: perThousand(open.heapUsedBytes - idle.heapUsedBytes, openedAtSample),
      massAbortMs,
      upstreamAborted,
    };
  } finally {
    clearTimeout(guard);
    stop.abort();
    await pool.close();
  }
}

function perThousand(bytes: number, streams: number): number {
  return streams > 0 ? (bytes / streams) * 1000 : Number.NaN;
}
