import type { CredentialRecord, CredentialStatus, RefreshedTokens } from './credential-record.ts';
import type { CredentialStore } from './credential-store.ts';

/**
 * Credentials held in memory: the server's own accounts in standalone mode. `onRefreshed` lets the
 * owner write rotated tokens back to the credentials file they came from.
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly #records = new Map<string, CredentialRecord>();
  readonly #onRefreshed: ((record: CredentialRecord) => Promise<void>) | undefined;

  constructor(records: CredentialRecord[], onRefreshed?: (record: CredentialRecord) => Promise<void>) {
    for (const record of records) this.#records.set(record.id, { ...record });
    this.#onRefreshed = onRefreshed;
  }

  async list(): Promise<CredentialRecord[]> {
    return [...this.#records.values()].map((record) => ({ ...record }));
  }

  async get(id: string): Promise<CredentialRecord | undefined> {
    const record = this.#records.get(id);
    return record ? { ...record } : undefined;
  }

  async saveRefreshed(id: string, tokens: RefreshedTokens): Promise<void> {
    const record = this.#records.get(id);
    if (!record) return;
    record.refreshToken = tokens.refreshToken;
    record.accessToken = tokens.accessToken;
    record.expiresAt = tokens.expiresAt;
    if (tokens.profileArn) record.profileArn = tokens.profileArn;
    await this.#onRefreshed?.({ ...record });
  }

  async setStatus(id: string, status: CredentialStatus, reason?: string, until?: Date): Promise<void> {
    const record = this.#records.get(id);
    if (!record) return;
    record.status = status;
    if (reason === undefined) delete record.statusReason;
    else record.statusReason = reason;
    if (until === undefined) delete record.statusUntil;
    else record.statusUntil = until;
  }
}
