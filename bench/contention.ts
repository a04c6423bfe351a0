import type { CpuPinning } from './cpu-pinning.ts';
import { type ProcSample, procDelta, readCpuBusyUs, readProcSample } from './proc-sample.ts';

export interface ContentionSample {
  gateway: ProcSample;
  reference: ProcSample;
  sim: ProcSample;
  client: ProcSample;
  cpuBusyUs: number[];
}

/**
 * How much the rest of the machine got in the way during a phase. Other engineers' test runs share
 * these two cores; a phase with high values here has inflated latencies (CPU-time figures hold up).
 */
export interface Contention {
  /** The gateway's event loop was runnable but waited for its CPU this share of the time. */
  gatewayRunWaitShare: number;
  /** Other processes' CPU share on the gateway's CPU (pinned runs only). */
  foreignOnGatewayCpu: number;
  /** Other processes' CPU share on the simulator and client's CPU (pinned runs only). */
  foreignOnRigCpu: number;
}

export function sampleContention(pids: {
  gateway: number;
  reference: number;
  sim: number;
}): ContentionSample {
  return {
    gateway: readProcSample(pids.gateway),
    reference: readProcSample(pids.reference),
    sim: readProcSample(pids.sim),
    client: readProcSample(process.pid),
    cpuBusyUs: readCpuBusyUs(),
  };
}

export function contentionBetween(
  before: ContentionSample,
  after: ContentionSample,
  pinning: CpuPinning,
): Contention {
  const gateway = procDelta(before.gateway, after.gateway);
  const wallUs = gateway.wallUs;
  const busy = (cpu: number) => (after.cpuBusyUs[cpu] ?? Number.NaN) - (before.cpuBusyUs[cpu] ?? Number.NaN);
  const reference = procDelta(before.reference, after.reference).cpuUs;
  const ours = procDelta(before.sim, after.sim).cpuUs + procDelta(before.client, after.client).cpuUs;
  return {
    gatewayRunWaitShare: gateway.runWaitShare,
    foreignOnGatewayCpu: pinning.enabled
      ? Math.max(0, (busy(pinning.gatewayCpu) - gateway.cpuUs - reference) / wallUs)
      : Number.NaN,
    foreignOnRigCpu: pinning.enabled ? Math.max(0, (busy(pinning.rigCpu) - ours) / wallUs) : Number.NaN,
  };
}

export function describeContention(contention: Contention): string {
  const pct = (share: number) => (Number.isNaN(share) ? 'n/a' : `${(share * 100).toFixed(0)}%`);
  return (
    `gateway waited for its CPU ${pct(contention.gatewayRunWaitShare)} of the time; other processes used ` +
    `${pct(contention.foreignOnGatewayCpu)} of the gateway's CPU and ${pct(contention.foreignOnRigCpu)} of the rig's`
  );
}
