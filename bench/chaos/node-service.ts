import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface NodeServiceSpec {
  name: string;
  /** Entry file relative to the repository root, run with `--conditions=source`. */
  script: string;
  args?: string[];
  env: Record<string, string>;
  /** A stdout fragment the service prints once it serves. */
  readyLine: string;
  cwd: string;
}

/**
 * One service of the topology as its own Node process. It can be killed with any signal and started
 * again with the same environment (so on the same ports), which is what the faults need.
 */
export class NodeService {
  readonly spec: NodeServiceSpec;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #output = '';

  constructor(spec: NodeServiceSpec) {
    this.spec = spec;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last 8 KB the process wrote, for failure messages. */
  output(): string {
    return this.#output;
  }

  /** Starts the process and resolves once `readyLine` appears; rejects with its output if it exits first. */
  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--conditions=source', this.spec.script, ...(this.spec.args ?? [])],
      {
        cwd: this.spec.cwd,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    this.#exited = killOnExit(child);
    let seen = '';
    const append = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-8_192);
    };
    child.stderr?.on('data', append);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.spec.name} did not start within ${timeoutMs} ms:\n${this.#output}`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        append(chunk);
        seen += chunk.toString();
        if (seen.includes(this.spec.readyLine)) {
          clearTimeout(timer);
          seen = '';
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      once(child, 'close').then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.spec.name} exited during start-up:\n${this.#output}`));
      });
    });
  }

  /** Sends `signal` and waits until the process is gone (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Sends `signal` without waiting; `exited()` resolves when the process is gone. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child?.kill(signal);
  }

  exited(): Promise<void> {
    return this.#exited;
  }
}

const liveChildren = new Set<ChildProcess>();

/**
 * Kills `child` should this process exit first (a run that dies half-way must not leave servers
 * holding ports and CPU); resolves when the child is gone.
 */
export function killOnExit(child: ChildProcess): Promise<void> {
  liveChildren.add(child);
  return once(child, 'exit').then(() => {
    liveChildren.delete(child);
  });
}

process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
