import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuPinning {
  enabled: boolean;
  /** Why pinning is off, when it is. */
  reason?: string;
  gatewayCpu: number;
  /** The simulator and the load client share this CPU, so the gateway has its own. */
  rigCpu: number;
}

export function planCpuPinning(): CpuPinning {
  const plan = { gatewayCpu: 0, rigCpu: 1 };
  if (availableParallelism() < 2) return { ...plan, enabled: false, reason: 'fewer than 2 CPUs' };
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return { ...plan, enabled: false, reason: 'taskset not found (util-linux)' };
  }
  return { ...plan, enabled: true };
}

/** The command line that runs `command` on one CPU; taskset execs it, so the pid is the command's. */
export function pinnedCommand(
  pinning: CpuPinning,
  cpu: number,
  command: string,
  args: string[],
): [string, string[]] {
  return pinning.enabled ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/** Pins every thread of a running process (libuv's pool and V8's helpers included). */
export function pinProcess(pinning: CpuPinning, pid: number, cpu: number): void {
  if (!pinning.enabled) return;
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}
