import { WebSocket } from 'undici';
import type { ChildNode } from './child-node.ts';
import { sleep } from './clock.ts';
import { readProcSample } from './proc-sample.ts';

export interface LiveMemory {
  /** RSS right after a full GC: what the process really holds, without collectable garbage or heap slack. */
  rssBytes: number;
  heapUsedBytes: number;
}

/**
 * A DevTools-protocol session with the gateway, used only to force a full GC before reading memory.
 * V8 keeps freed heap pages and start-up garbage around (here ~150 MB of a ~300 MB RSS), which would
 * hide or inflate what a phase really adds. The gateway starts with `--inspect-port=127.0.0.1:0` and
 * no inspector; SIGUSR1 opens one on a free loopback port only when this is first needed, so the
 * phases before it run exactly as in production.
 */
export class GatewayInspector {
  readonly #socket: WebSocket;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  readonly #pid: number;
  #nextId = 0;

  private constructor(socket: WebSocket, pid: number) {
    this.#socket = socket;
    this.#pid = pid;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.#pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
      else waiter.resolve(message.result);
    });
  }

  static async connect(gateway: ChildNode): Promise<GatewayInspector> {
    const url = await inspectorUrl(gateway);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener(
        'error',
        () => reject(new Error(`could not connect to the gateway inspector at ${url}`)),
        {
          once: true,
        },
      );
    });
    return new GatewayInspector(socket, gateway.pid);
  }

  /** Two full GCs (the second collects what finalisers of the first released), then RSS and heap. */
  async liveMemory(): Promise<LiveMemory> {
    await this.#call('HeapProfiler.collectGarbage');
    await this.#call('HeapProfiler.collectGarbage');
    const usage = (await this.#call('Runtime.getHeapUsage')) as { usedSize: number };
    return { rssBytes: readProcSample(this.#pid).rssBytes, heapUsedBytes: usage.usedSize };
  }

  close(): void {
    this.#socket.close();
  }

  #call(method: string): Promise<unknown> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`inspector: ${method} timed out`));
      }, 30_000);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.send(JSON.stringify({ id, method }));
    });
  }
}

const listening = /Debugger listening on (ws:\/\/\S+)/;

async function inspectorUrl(gateway: ChildNode): Promise<string> {
  const known = listening.exec(gateway.stderrTail())?.[1];
  if (known) return known;
  gateway.process.kill('SIGUSR1');
  for (let waited = 0; waited < 5_000; waited += 20) {
    const url = listening.exec(gateway.stderrTail())?.[1];
    if (url) return url;
    await sleep(20);
  }
  throw new Error('the gateway did not open its inspector after SIGUSR1');
}
