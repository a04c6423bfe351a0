import type { CredentialRecord, CredentialStatus, RefreshedTokens } from './credential-record.ts';

/** Where credentials live: Postgres in the scaled deployment, memory (+ credentials file) standalone. */
export interface CredentialStore {
  list(): Promise<CredentialRecord[]>;
  get(id: string): Promise<CredentialRecord | undefined>;
  /** Persists a refresh, including a rotated refresh token. Called while the refresh lock is held. */
  saveRefreshed(id: string, tokens: RefreshedTokens): Promise<void>;
  /** `until` bounds a `quota_exhausted` status. */
  setStatus(id: string, status: CredentialStatus, reason?: string, until?: Date): Promise<void>;
}
