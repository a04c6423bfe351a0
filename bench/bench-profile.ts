import type { AbortSettings } from './measure-abort.ts';
import type { LatencySettings } from './measure-added-latency.ts';
import type { FootprintSettings } from './measure-footprint.ts';
import type { ManyStreamsSettings } from './measure-many-streams.ts';
import type { StreamMemorySettings } from './measure-stream-memory.ts';
import type { StreamTimingSettings } from './measure-stream-timing.ts';
import type { ThroughputSettings } from './measure-throughput.ts';

export interface BenchProfile {
  name: 'quick' | 'full';
  /** The whole run is killed past this, whatever hangs. */
  budgetMs: number;
  footprint: FootprintSettings;
  memory: StreamMemorySettings;
  abort: AbortSettings;
  latency: LatencySettings;
  streamTiming: StreamTimingSettings;
  manyStreams: ManyStreamsSettings;
  throughput: ThroughputSettings;
  /** Chats served between the leak check's two readings, besides the memory phase's streams. */
  leakChats: number;
}

/** About a minute and a half: enough rounds for medians, too few samples for a stable p99. */
export const quickProfile: BenchProfile = {
  name: 'quick',
  // The footprint phase alone starts npm start twice and idles 30 s: about three minutes on a busy VM.
  budgetMs: 7 * 60_000,
  footprint: { streams: 200, idleSettleMs: 30_000, openTimeoutMs: 15_000 },
  memory: { streams: 500, batch: 100, openTimeoutMs: 15_000 },
  abort: { trials: 5, giveUpMs: 2_000 },
  // Legs end at the count or the time limit, so a slow gateway cannot stretch the run.
  // Many short rounds: the CPU ratio to the reference proxy is taken per round (see measure-added-latency).
  latency: { rounds: 9, requestsPerRound: 100, warmupRequests: 150, maxLegMs: 2_000 },
  streamTiming: {
    rounds: 3,
    ttfeStreams: 25,
    ttfeDeltas: 10,
    ttfeDelayMs: 2,
    gapStreams: 8,
    gapConcurrency: 8,
    gapDeltas: 25,
    gapDelayMs: 20,
    maxLegMs: 20_000,
  },
  manyStreams: { streams: 200, delayMs: 20, rampMs: 1_000, settleMs: 500, windowMs: 2_500 },
  throughput: { rounds: 1, concurrency: 32, gatewaySeconds: 3, directSeconds: 2, warmupSeconds: 1 },
  leakChats: 8_000,
};

/** About five minutes: five rounds where it is cheap, three for the saturation runs. */
export const fullProfile: BenchProfile = {
  name: 'full',
  budgetMs: 14 * 60_000,
  footprint: { streams: 200, idleSettleMs: 30_000, openTimeoutMs: 30_000 },
  memory: { streams: 1_000, batch: 100, openTimeoutMs: 30_000 },
  abort: { trials: 20, giveUpMs: 2_000 },
  latency: { rounds: 20, requestsPerRound: 250, warmupRequests: 300, maxLegMs: 4_000 },
  streamTiming: {
    rounds: 5,
    ttfeStreams: 60,
    ttfeDeltas: 10,
    ttfeDelayMs: 2,
    gapStreams: 16,
    gapConcurrency: 8,
    gapDeltas: 25,
    gapDelayMs: 20,
    maxLegMs: 30_000,
  },
  // 300 streams × 50 events/s is what one CPU can feed and read back; more measures the rig.
  manyStreams: { streams: 300, delayMs: 20, rampMs: 2_000, settleMs: 1_000, windowMs: 6_000 },
  throughput: { rounds: 3, concurrency: 32, gatewaySeconds: 8, directSeconds: 4, warmupSeconds: 1 },
  leakChats: 40_000,
};
