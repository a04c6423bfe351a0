import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactJson, redactText } from './redact-dump.ts';

export type DebugMode = 'off' | 'errors' | 'all';

export interface DebugDumpSettings {
  mode: DebugMode;
  dir: string;
  /** Folders kept; the oldest go first. */
  maxDumps: number;
  /** Folders older than this are deleted. */
  maxAgeMs: number;
  /** Values that must never reach a dump (the proxy key, server refresh tokens, …). */
  secrets: () => readonly string[];
  onError?: (error: unknown) => void;
}

/** What one request leaves behind, collected while it runs. */
export class DebugDump {
  readonly requestId: string;
  requestBody: unknown;
  readonly kiroBodies: object[] = [];
  readonly #raw: Buffer[] = [];
  readonly #modified: Buffer[] = [];
  #rawBytes = 0;
  #modifiedBytes = 0;
  readonly #limit: number;

  constructor(requestId: string, limitBytes: number) {
    this.requestId = requestId;
    this.#limit = limitBytes;
  }

  raw(chunk: Uint8Array): void {
    if (this.#rawBytes >= this.#limit) return;
    this.#raw.push(Buffer.from(chunk));
    this.#rawBytes += chunk.byteLength;
  }

  modified(chunk: string | Uint8Array): void {
    if (this.#modifiedBytes >= this.#limit) return;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    this.#modified.push(buffer);
    this.#modifiedBytes += buffer.byteLength;
  }

  get rawText(): string {
    return Buffer.concat(this.#raw).toString('latin1');
  }

  get modifiedText(): string {
    return Buffer.concat(this.#modified).toString('utf8');
  }
}

const current = new AsyncLocalStorage<DebugDump>();
const PARTIAL = '.partial';
/** Each stream file stops growing here; a dump is for reading, not for archiving large answers. */
const STREAM_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * DEBUG_MODE request dumps, as the Python KiroGate wrote them: per request a folder under DEBUG_DIR
 * with `request_body.json`, `kiro_request_body.json`, `response_stream_raw.txt` (Kiro's event-stream
 * bytes), `response_stream_modified.txt` (what the client got) and, for a failed request,
 * `error_info.json`. `errors` keeps failed requests only, `all` every request. Folder names carry the
 * time, the request id and random bytes, so concurrent requests never share one. Credentials are
 * masked; the number and the age of folders are bounded.
 */
export class DebugDumps {
  readonly #settings: DebugDumpSettings;
  #pruning: Promise<void> = Promise.resolve();

  constructor(settings: DebugDumpSettings) {
    this.#settings = settings;
  }

  get enabled(): boolean {
    return this.#settings.mode !== 'off';
  }

  /** The dump of the request running in this async context, if dumps are on. */
  static current(): DebugDump | undefined {
    return current.getStore();
  }

  /** Runs one request with a dump attached (or plainly, when dumps are off). */
  run<T>(requestId: string, body: () => Promise<T>): Promise<T> {
    if (!this.enabled) return body();
    return current.run(new DebugDump(requestId, STREAM_LIMIT_BYTES), body);
  }

  /** Writes the current request's dump if the mode wants it; never throws. */
  async finish(outcome: {
    httpStatus: number;
    error?: { code: string; message: string };
  }): Promise<string | undefined> {
    const dump = current.getStore();
    if (!dump) return undefined;
    const failed = outcome.httpStatus >= 400 || outcome.error !== undefined;
    if (this.#settings.mode !== 'all' && !failed) return undefined;
    try {
      const folder = await this.#write(dump, outcome, failed);
      this.#pruning = this.#pruning
        .then(() => this.#prune())
        .catch((error) => this.#settings.onError?.(error));
      return folder;
    } catch (error) {
      this.#settings.onError?.(error);
      return undefined;
    }
  }

  async #write(
    dump: DebugDump,
    outcome: { httpStatus: number; error?: { code: string; message: string } },
    failed: boolean,
  ): Promise<string> {
    const { dir } = this.#settings;
    const secrets = this.#settings.secrets();
    await mkdir(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const id = dump.requestId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
    const folder = join(dir, `${stamp}_${id}_${randomBytes(4).toString('hex')}`);
    // Written under a temporary name and renamed, so a folder is never seen half written. Not
    // recursive: an existing folder is an error, never a shared one.
    const partial = `${folder}${PARTIAL}`;
    await mkdir(partial);
    const json = (value: unknown) => `${JSON.stringify(redactJson(value, secrets), null, 2)}\n`;
    const files: Array<[string, string]> = [
      ['request_body.json', json(dump.requestBody ?? null)],
      [
        'kiro_request_body.json',
        json(dump.kiroBodies.length <= 1 ? (dump.kiroBodies[0] ?? null) : dump.kiroBodies),
      ],
      ['response_stream_raw.txt', redactText(dump.rawText, secrets)],
      ['response_stream_modified.txt', redactText(dump.modifiedText, secrets)],
    ];
    if (failed) {
      files.push([
        'error_info.json',
        json({ requestId: dump.requestId, httpStatus: outcome.httpStatus, ...(outcome.error ?? {}) }),
      ]);
    }
    await Promise.all(
      files.map(([name, content]) => writeFile(join(partial, name), content, { flag: 'wx' })),
    );
    await rename(partial, folder);
    return folder;
  }

  async #prune(): Promise<void> {
    const { dir, maxDumps, maxAgeMs } = this.#settings;
    const names = (await readdir(dir)).filter((name) => !name.endsWith(PARTIAL));
    const folders = await Promise.all(
      names.map(async (name) => {
        try {
          return { name, at: (await stat(join(dir, name))).mtimeMs };
        } catch {
          return undefined;
        }
      }),
    );
    const sorted = folders
      .filter((entry): entry is { name: string; at: number } => entry !== undefined)
      .sort((a, b) => b.at - a.at);
    const now = Date.now();
    const doomed = sorted.filter((entry, index) => index >= maxDumps || now - entry.at > maxAgeMs);
    await Promise.all(doomed.map((entry) => rm(join(dir, entry.name), { recursive: true, force: true })));
  }
}
