import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { childNodeEnv, startOnFreePorts } from '@kirogate/testing';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Logged (at info) once the admin server listens and the queues are being processed. */
const readyLine = 'worker started';

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/**
 * Starts `services/worker/src/main.ts` as its own process, with only the given environment, and
 * resolves once it has started; rejects with its output when it exits first. Its METRICS_PORT is
 * free when picked, and picked again should another process take it before the worker binds it.
 */
export function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  return startOnFreePorts(1, ([metricsPort]) => startWorker({ ...env, METRICS_PORT: String(metricsPort) }));
}

function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--conditions=source', 'services/worker/src/main.ts'], {
    cwd: repoRoot,
    // Info level whatever the caller asked: the start-up line is how this knows the worker is up.
    env: { ...childNodeEnv(), ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const worker: WorkerProcess = { child, output: () => output, exited };
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      if (!output.includes(readyLine)) return;
      child.stdout.off('data', onData);
      resolve(worker);
    };
    child.stdout.on('data', onData);
    // 'close', not 'exit': by then everything it wrote (the reason it stopped) has been read.
    once(child, 'close').then(([code, signal]) =>
      reject(new Error(`the worker exited (${code ?? signal}) before it started:\n${output}`)),
    );
  });
}
