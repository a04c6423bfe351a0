import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type CpuPinning, pinnedCommand } from './cpu-pinning.ts';

export interface ChildNode {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last few KB of stderr, for error messages when the child misbehaves. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChildNodeOptions {
  name: string;
  script: string;
  args?: string[];
  nodeFlags?: string[];
  env: Record<string, string>;
  pinning: CpuPinning;
  cpu: number;
  cwd: string;
}

const live = new Set<ChildProcess>();

// A bench that dies half-way must not leave a simulator or gateway holding ports and CPU.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts `node --conditions=source <script>` pinned to one CPU, with only the environment given. */
export function startChildNode(options: ChildNodeOptions): ChildNode {
  const [command, args] = pinnedCommand(options.pinning, options.cpu, process.execPath, [
    '--conditions=source',
    ...(options.nodeFlags ?? []),
    options.script,
    ...(options.args ?? []),
  ]);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${command}`);
  live.add(child);
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-4096);
  });
  const exited = once(child, 'exit').then(() => {
    live.delete(child);
  });
  return {
    name: options.name,
    pid: child.pid,
    process: child,
    stderrTail: () => tail,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the child's first stdout line, or rejects when it exits or `timeoutMs` passes. */
export function firstStdoutLine(child: ChildNode, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const stdout = child.process.stdout!;
    stdout.setEncoding('utf8');
    const finish = (error: Error | undefined, line?: string) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      child.process.off('exit', onExit);
      // Keep draining so a chatty child never blocks on a full pipe.
      stdout.resume();
      if (error) reject(error);
      else resolve(line!);
    };
    const onData = (text: string) => {
      buffered += text;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) finish(undefined, buffered.slice(0, newline).trim());
    };
    const onExit = () =>
      finish(new Error(`${child.name} exited before printing its URL:\n${child.stderrTail()}`));
    const timer = setTimeout(
      () => finish(new Error(`${child.name} printed no URL within ${timeoutMs} ms:\n${child.stderrTail()}`)),
      timeoutMs,
    );
    stdout.on('data', onData);
    child.process.once('exit', onExit);
  });
}
