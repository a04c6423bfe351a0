import type { ScenarioInput } from './scenario.ts';
import type { RegisteredToken, RotationPolicy } from './token-registry.ts';

export interface KiroSimOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Lifetime of issued access tokens; default 3600 s. */
  accessTokenTtlSeconds?: number;
  /** Default `rotate`. */
  rotation?: RotationPolicy;
  /** Accept only these refresh tokens (and their rotations); default: any token starting with `aor`. */
  strictTokens?: RegisteredToken[];
  scenario?: ScenarioInput;
  /** Delay before the response headers of every chat request; default 0 (or the scenario's). */
  firstByteDelayMs?: number;
  /** Delay between event-stream writes; default 0 (or the scenario's). */
  eventDelayMs?: number;
  /** Request bodies above this many bytes get CONTENT_LENGTH_EXCEEDS_THRESHOLD; default 1 MB. */
  maxInputBytes?: number;
  /** Credits per account before chat answers 402; default 1000. */
  creditLimit?: number;
  /** Every tool call whose input exceeds this many bytes is cut off as Kiro does (`tool-input-limit`). */
  toolInputLimitBytes?: number;
  /** Frames per paced write (with an event delay); unpaced frames always go out as one write. Default 1. */
  framesPerWrite?: number;
  /** Cut every write into random pieces, to exercise a client's split-frame handling. */
  splitWrites?: boolean;
  /** How many chat requests `stats().recentChats` keeps; default 20. */
  recentChatLimit?: number;
  /** Clock for access-token expiry, in epoch milliseconds. */
  now?: () => number;
}

export interface ResolvedSimOptions {
  port: number;
  host: string;
  accessTokenTtlSeconds: number;
  rotation: RotationPolicy;
  strictTokens: RegisteredToken[] | undefined;
  firstByteDelayMs: number;
  eventDelayMs: number;
  maxInputBytes: number;
  creditLimit: number;
  toolInputLimitBytes: number | undefined;
  framesPerWrite: number;
  splitWrites: boolean;
  recentChatLimit: number;
  now: () => number;
}
