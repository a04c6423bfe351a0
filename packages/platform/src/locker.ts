export interface LockOptions {
  /** How long the lock outlives a holder that died; renewed automatically while held. */
  readonly ttlMs: number;
  /** How long `acquire` waits for a held lock before failing with LOCK_TIMEOUT. */
  readonly waitMs: number;
  /** Base pause between attempts while waiting (jittered); implementations pick a default. */
  readonly retryDelayMs?: number;
}

export interface Lock {
  readonly name: string;
  /** Aborts when the lock is lost (expired, or taken over after expiry); never on release. */
  readonly signal: AbortSignal;
  /** Renews the lock now and keeps renewing it for `ms` at a time; throws if it was lost. */
  extend(ms: number): Promise<void>;
  /** Releases the lock if still held; a second call does nothing. */
  release(): Promise<void>;
}

/** Named mutual exclusion across every replica sharing the store. Names must not contain secrets. */
export interface Locker {
  acquire(name: string, options: LockOptions): Promise<Lock>;
  /** The lock if it is free right now, else undefined. */
  tryAcquire(name: string, options: Pick<LockOptions, 'ttlMs'>): Promise<Lock | undefined>;
  /** Runs `fn` holding the lock and releases it however `fn` ends. */
  withLock<T>(name: string, options: LockOptions, fn: (lock: Lock) => Promise<T>): Promise<T>;
}
