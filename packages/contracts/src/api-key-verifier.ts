import type { Caller } from './caller.ts';

export type VerifiedKey = Extract<Caller, { kind: 'user' }>;

/** Resolves an `sk-` key (by its SHA-256 hash) to its owner. `null` for unknown or disabled keys. */
export interface ApiKeyVerifier {
  verify(keyHash: string): Promise<VerifiedKey | null>;
}
