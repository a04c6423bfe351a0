import { lockTimeout } from './lock-timeout.ts';
import type { Lock, Locker, LockOptions } from './locker.ts';

interface Waiter {
  readonly grant: (lock: Lock) => void;
  readonly timer: NodeJS.Timeout;
}

interface Holding {
  readonly waiters: Waiter[];
}

/**
 * In-process locks for standalone mode: a holder cannot die without the whole process, so nothing
 * expires and `ttlMs` only matters to the Redis implementation. Waiters are served first come, first
 * served.
 */
export class MemoryLocker implements Locker {
  readonly #held = new Map<string, Holding>();

  acquire(name: string, options: LockOptions): Promise<Lock> {
    const holding = this.#held.get(name);
    if (!holding) return Promise.resolve(this.#take(name));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (lock) => {
          clearTimeout(waiter.timer);
          resolve(lock);
        },
        timer: setTimeout(() => {
          holding.waiters.splice(holding.waiters.indexOf(waiter), 1);
          reject(lockTimeout(name, options.waitMs));
        }, options.waitMs),
      };
      holding.waiters.push(waiter);
    });
  }

  async tryAcquire(name: string): Promise<Lock | undefined> {
    return this.#held.has(name) ? undefined : this.#take(name);
  }

  async withLock<T>(name: string, options: LockOptions, fn: (lock: Lock) => Promise<T>): Promise<T> {
    const lock = await this.acquire(name, options);
    try {
      return await fn(lock);
    } finally {
      await lock.release();
    }
  }

  #take(name: string): Lock {
    this.#held.set(name, { waiters: [] });
    return this.#lock(name);
  }

  #lock(name: string): Lock {
    let released = false;
    return {
      name,
      signal: new AbortController().signal,
      extend: async () => {
        if (released) throw new Error(`Lock "${name}" was already released`);
      },
      release: async () => {
        if (released) return;
        released = true;
        this.#handOver(name);
      },
    };
  }

  #handOver(name: string): void {
    const holding = this.#held.get(name);
    const next = holding?.waiters.shift();
    if (next) next.grant(this.#lock(name));
    else this.#held.delete(name);
  }
}
