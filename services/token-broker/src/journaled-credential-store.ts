import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { decryptSecret, encryptSecret, type Keyring } from '@kirogate/db';
import type { CredentialRecord, CredentialStatus, RefreshedTokens } from './credential-record.ts';
import type { CredentialStore } from './credential-store.ts';

interface JournalEntry {
  id: string;
  refreshToken: string;
  profileArn?: string;
}

export interface JournaledCredentialStoreOptions {
  /** A directory on a disk that outlives the process (DATA_DIR/token-journal by default). */
  dir: string;
  /** Seals each entry; the journal holds no readable token. */
  keyring: Keyring;
  /** Writes to the store tried this often (backoff doubling from `retryDelayMs`) before giving up for now. */
  attempts?: number;
  retryDelayMs?: number;
  /** A write that still failed; the entry stays in the journal and is replayed at the next start. */
  onError?: (error: unknown, credentialId: string) => void;
  /** Test hook: runs after the journal write and before the store write (`FAULT_HOOK`). */
  beforeStoreWrite?: () => void;
}

/**
 * Makes a rotated refresh token survive anything between Kiro's answer and the database: the new token
 * is first written (sealed, fsynced) to a journal file, then saved to the store with retries, and the
 * journal entry removed once the store has it. Until then reads see the journaled token, so the next
 * refresh never presents the rotated-out one, and `replay()` at start finishes the write a crash or a
 * database outage interrupted.
 */
export class JournaledCredentialStore implements CredentialStore {
  readonly #inner: CredentialStore;
  readonly #options: JournaledCredentialStoreOptions;
  /** The journal's entries; this process is the only writer of its directory. */
  readonly #pending: Map<string, JournalEntry>;

  constructor(inner: CredentialStore, options: JournaledCredentialStoreOptions) {
    this.#inner = inner;
    this.#options = options;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.#pending = this.#load();
  }

  /** Entries not yet in the store (a crash or an outage interrupted their write). */
  get pending(): number {
    return this.#pending.size;
  }

  async list(): Promise<CredentialRecord[]> {
    return (await this.#inner.list()).map((record) => this.#overlay(record));
  }

  async get(id: string): Promise<CredentialRecord | undefined> {
    const record = await this.#inner.get(id);
    return record ? this.#overlay(record) : undefined;
  }

  async saveRefreshed(id: string, tokens: RefreshedTokens): Promise<void> {
    this.#write({
      id,
      refreshToken: tokens.refreshToken,
      ...(tokens.profileArn ? { profileArn: tokens.profileArn } : {}),
    });
    this.#options.beforeStoreWrite?.();
    await this.#persist(id, tokens);
  }

  setStatus(id: string, status: CredentialStatus, reason?: string, until?: Date): Promise<void> {
    return this.#inner.setStatus(id, status, reason, until);
  }

  /** Saves every journaled token the store may not have; returns how many were saved. */
  async replay(): Promise<number> {
    let saved = 0;
    for (const entry of [...this.#pending.values()]) {
      const tokens: RefreshedTokens = {
        refreshToken: entry.refreshToken,
        accessToken: '',
        expiresAt: new Date(0),
        ...(entry.profileArn ? { profileArn: entry.profileArn } : {}),
      };
      if (await this.#persist(entry.id, tokens)) saved += 1;
    }
    return saved;
  }

  async #persist(id: string, tokens: RefreshedTokens): Promise<boolean> {
    const attempts = this.#options.attempts ?? 4;
    const delay = this.#options.retryDelayMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#inner.saveRefreshed(id, tokens);
        this.#remove(id, tokens.refreshToken);
        return true;
      } catch (error) {
        if (attempt >= attempts) {
          this.#options.onError?.(error, id);
          return false;
        }
        await sleep(delay * 2 ** (attempt - 1));
      }
    }
  }

  #overlay(record: CredentialRecord): CredentialRecord {
    const entry = this.#pending.get(record.id);
    if (!entry) return record;
    return {
      ...record,
      refreshToken: entry.refreshToken,
      ...(entry.profileArn ? { profileArn: entry.profileArn } : {}),
    };
  }

  #file(id: string): string {
    return join(this.#options.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.sealed`);
  }

  #write(entry: JournalEntry): void {
    const sealed = encryptSecret(JSON.stringify(entry), {
      key: this.#options.keyring.current,
      aad: aad(entry.id),
    });
    const file = this.#file(entry.id);
    const temporary = `${file}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${entry.id}\n${sealed}`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    this.#pending.set(entry.id, entry);
    const dir = openSync(this.#options.dir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** Removes the entry only if it still holds `refreshToken`: a newer rotation stays journaled. */
  #remove(id: string, refreshToken: string): void {
    if (this.#pending.get(id)?.refreshToken !== refreshToken) return;
    rmSync(this.#file(id), { force: true });
    this.#pending.delete(id);
  }

  #load(): Map<string, JournalEntry> {
    const entries = new Map<string, JournalEntry>();
    for (const name of readdirSync(this.#options.dir)) {
      if (!name.endsWith('.sealed')) continue;
      try {
        // `<credential id>\n<sealed entry>`: the id is no secret, and as the AAD it binds the entry to it.
        const [id = '', sealed = ''] = readFileSync(join(this.#options.dir, name), 'utf8').split('\n');
        const entry = JSON.parse(
          decryptSecret(sealed, { keyring: this.#options.keyring, aad: aad(id) }),
        ) as JournalEntry;
        if (entry.id === id) entries.set(id, entry);
      } catch {
        // A file no configured key opens is not trusted; it stays for an operator to look at.
      }
    }
    return entries;
  }
}

function aad(id: string): string {
  return `token-journal:${id}`;
}
