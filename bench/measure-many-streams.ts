import { nowUs, sleep } from './clock.ts';
import { loadPool, sendTimed, type TimedResponse } from './load-client.ts';
import { procDelta, readProcSample } from './proc-sample.ts';
import type { RequestShape } from './request-shape.ts';
import { type Middle, middlePid, type Rig, requestPair, viaReference } from './rig.ts';
import { summarize } from './summarize.ts';

export interface ManyStreamsSettings {
  streams: number;
  delayMs: number;
  /** Streams start evenly spread over this time, as clients arrive. */
  rampMs: number;
  /** Quiet time after the ramp before the CPU window opens. */
  settleMs: number;
  windowMs: number;
}

export interface ManyStreamsLeg {
  /** Whose CPU `cpuShare` and `cpuUsPerEvent` are: the simulator for the direct leg. */
  middle: Middle;
  streams: number;
  errors: number;
  firstError?: string;
  /** Content events the client received per second inside the window. */
  eventsPerSecond: number;
  cpuShare: number;
  /** CPU of the middle process in the window ÷ content events delivered in it. */
  cpuUsPerEvent: number;
  simCpuShare: number;
  clientCpuShare: number;
  gapP99Us: number;
  stalls: number;
  missingEvents: number;
}

export interface ManyStreamsResult {
  settings: ManyStreamsSettings & { deltasPerStream: number };
  direct: ManyStreamsLeg;
  reference: ManyStreamsLeg;
  gateway: ManyStreamsLeg;
}

/**
 * Many concurrent OpenAI streams at a model-like pace: CPU per relayed
 * event over a steady window, for the gateway and for the reference proxy on the same machine, and
 * stalls against the same load sent direct. The simulator and this client share a CPU; their shares
 * show when the rig, not the middle process, is the limit.
 */
export async function measureManyStreams(
  rig: Rig,
  settings: ManyStreamsSettings,
): Promise<ManyStreamsResult> {
  // Long enough that every stream is still running when the window closes.
  const deltasPerStream = Math.ceil(
    (settings.rampMs + settings.settleMs + settings.windowMs + 1_000) / settings.delayMs,
  );
  const prompt = `Benchmark concurrent stream [[sim:text ${deltasPerStream}]] [[sim:delay ${settings.delayMs}]]`;
  const pair = await requestPair(rig, 'openai', prompt, true);
  const leg = (shape: RequestShape, middle: Middle) => runLeg(rig, shape, middle, settings, deltasPerStream);
  const direct = await leg(pair.direct, 'sim');
  const reference = await leg(viaReference(rig, pair.direct), 'reference');
  const gateway = await leg(pair.gateway, 'gateway');
  return { settings: { ...settings, deltasPerStream }, direct, reference, gateway };
}

async function runLeg(
  rig: Rig,
  shape: RequestShape,
  middle: Middle,
  settings: ManyStreamsSettings,
  deltasPerStream: number,
): Promise<ManyStreamsLeg> {
  const pool = loadPool(shape.origin, settings.streams);
  const stop = new AbortController();
  const streamMs = deltasPerStream * settings.delayMs;
  const guard = setTimeout(() => stop.abort(), settings.rampMs + streamMs + 30_000);
  const arrivals: number[] = [];
  const startUs = nowUs();
  const windowStartUs = startUs + (settings.rampMs + settings.settleMs) * 1000;
  const windowEndUs = windowStartUs + settings.windowMs * 1000;
  const pids = { middle: middlePid(rig, middle), sim: rig.simPid, client: process.pid };
  const sample = () => ({
    middle: readProcSample(pids.middle),
    sim: readProcSample(pids.sim),
    client: readProcSample(pids.client),
  });
  try {
    const running: Promise<TimedResponse>[] = [];
    const window = (async () => {
      await sleep((windowStartUs - nowUs()) / 1000);
      const before = sample();
      await sleep((windowEndUs - nowUs()) / 1000);
      const after = sample();
      return {
        middle: procDelta(before.middle, after.middle),
        sim: procDelta(before.sim, after.sim),
        client: procDelta(before.client, after.client),
      };
    })();
    for (let index = 0; index < settings.streams; index++) {
      const dueUs = startUs + (index * settings.rampMs * 1000) / settings.streams;
      if (dueUs > nowUs()) await sleep((dueUs - nowUs()) / 1000);
      running.push(
        sendTimed(pool, shape, {
          countContent: true,
          signal: stop.signal,
          onContent: (at, added) => {
            for (let i = 0; i < added; i++) arrivals.push(at);
          },
        }),
      );
    }
    const cpu = await window;
    const responses = await Promise.all(running);
    const failed = responses.filter((response) => response.error);
    const inWindow = arrivals.filter((at) => at >= windowStartUs && at < windowEndUs).length;
    const gaps: number[] = [];
    let missingEvents = 0;
    for (const response of responses) {
      if (response.error) continue;
      missingEvents += Math.max(0, deltasPerStream - response.contentUs.length);
      for (let i = 1; i < response.contentUs.length; i++) {
        gaps.push(response.contentUs[i]! - response.contentUs[i - 1]!);
      }
    }
    const stallUs = (2 * settings.delayMs + 5) * 1000;
    return {
      middle,
      streams: settings.streams,
      errors: failed.length,
      ...(failed[0]?.error && { firstError: failed[0].error }),
      eventsPerSecond: inWindow / (settings.windowMs / 1000),
      cpuShare: cpu.middle.cpuShare,
      cpuUsPerEvent: inWindow > 0 ? cpu.middle.cpuUs / inWindow : Number.NaN,
      simCpuShare: cpu.sim.cpuShare,
      clientCpuShare: cpu.client.cpuShare,
      gapP99Us: summarize(gaps).p99,
      stalls: gaps.filter((gap) => gap > stallUs).length,
      missingEvents,
    };
  } finally {
    clearTimeout(guard);
    stop.abort();
    await pool.close();
  }
}
