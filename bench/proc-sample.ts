import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { nowUs } from './clock.ts';

export interface ProcSample {
  atUs: number;
  /** User + system CPU time of the whole process (all threads), in microseconds. */
  cpuUs: number;
  rssBytes: number;
  /** Time the main thread was runnable but waiting for a CPU (another process had it). */
  runWaitUs: number;
}

export interface ProcDelta {
  wallUs: number;
  cpuUs: number;
  /** CPU time ÷ wall time: 1.0 is one core fully busy. */
  cpuShare: number;
  /** Main-thread run-queue wait ÷ wall time: how much the machine's other load held it back. */
  runWaitShare: number;
}

const clockTicksPerSecond = readClockTicks();

/**
 * Reads /proc/<pid>/…: no agent inside the measured process, so sampling costs the gateway nothing.
 * CPU time is the scheduler's own nanosecond count summed over the process's threads
 * (`task/<tid>/schedstat`); the tick-sampled utime/stime of `stat` (10 ms at 100 Hz) is the fallback.
 * On a busy machine the gateway runs in short bursts between other processes, where tick sampling
 * misattributes whole ticks.
 */
export function readProcSample(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return {
    atUs: nowUs(),
    cpuUs: readSchedCpuUs(pid) ?? readTickCpuUs(pid),
    rssBytes: rssKb * 1024,
    runWaitUs: readRunWaitUs(pid),
  };
}

export function procDelta(before: ProcSample, after: ProcSample): ProcDelta {
  const wallUs = after.atUs - before.atUs;
  const cpuUs = after.cpuUs - before.cpuUs;
  return {
    wallUs,
    cpuUs,
    cpuShare: wallUs > 0 ? cpuUs / wallUs : Number.NaN,
    runWaitShare: wallUs > 0 ? (after.runWaitUs - before.runWaitUs) / wallUs : Number.NaN,
  };
}

/** Busy time per CPU from /proc/stat, in microseconds (all processes, ours included). */
export function readCpuBusyUs(): number[] {
  const busy: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.+)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
    const [user, nice, system, , , irq, softirq, steal] = match[2]!.split(/\s+/).map(Number);
    const ticks = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    busy[Number(match[1])] = (ticks / clockTicksPerSecond) * 1e6;
  }
  return busy;
}

function readSchedCpuUs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between listing and reading; its time is gone from the total either way.
      }
    }
    return Number.isFinite(ns) ? ns / 1000 : undefined;
  } catch {
    return undefined;
  }
}

function readTickCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces and parentheses; the fields after the last ')' do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond) * 1e6;
}

/** /proc/<pid>/schedstat: "<on-cpu ns> <run-queue wait ns> <timeslices>"; 0 when the kernel lacks it. */
function readRunWaitUs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1000;
  } catch {
    return 0;
  }
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
