export interface RecordedChat {
  at: string;
  /** Request headers as received, except `authorization`, which is redacted. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  status: number;
  /** The refresh token whose access token authorised the call. */
  refreshToken?: string;
  faults: string[];
  /** Why the simulator rejected the request with a 400, when it did. */
  rejection?: string;
  /** Directives in the message that could not be read, so a test can spot its typo. */
  invalidDirectives?: string[];
}

export interface SimStats {
  /** Requests per endpoint, e.g. `POST /generateAssistantResponse`. */
  requests: Record<string, number>;
  /** Refresh calls (successful or not) per refresh token presented. */
  refreshesByToken: Record<string, number>;
  /** Chat calls per refresh token that minted the access token used. */
  chatsByRefreshToken: Record<string, number>;
  /** Chat calls per account, named by its first refresh token (stable across rotations). */
  chatsByAccount: Record<string, number>;
  /** Faults injected, by name. */
  faults: Record<string, number>;
  streams: { inFlight: number; completed: number; aborted: number; reset: number };
  /** The most recent chat requests, oldest first. */
  recentChats: RecordedChat[];
}

/** Counters the tests read through `GET /__sim/stats` to prove what reached the upstream. */
export class SimStatsRecorder {
  readonly #recentLimit: number;
  #stats: SimStats = emptyStats();

  constructor(recentLimit: number) {
    this.#recentLimit = recentLimit;
  }

  get streams(): SimStats['streams'] {
    return this.#stats.streams;
  }

  request(endpoint: string): void {
    increment(this.#stats.requests, endpoint);
  }

  refresh(refreshToken: string): void {
    increment(this.#stats.refreshesByToken, refreshToken);
  }

  chat(refreshToken: string, accountRoot: string): void {
    increment(this.#stats.chatsByRefreshToken, refreshToken);
    increment(this.#stats.chatsByAccount, accountRoot);
  }

  fault(name: string): void {
    increment(this.#stats.faults, name);
  }

  /** Records a chat request; the returned record is updated in place as the response is decided. */
  recordChat(chat: RecordedChat): RecordedChat {
    const recent = this.#stats.recentChats;
    recent.push(chat);
    if (recent.length > this.#recentLimit) recent.shift();
    return chat;
  }

  snapshot(): SimStats {
    return structuredClone(this.#stats);
  }

  /** Clears every counter except the streams still open, which will still report their end. */
  reset(): void {
    const { inFlight } = this.#stats.streams;
    this.#stats = emptyStats();
    this.#stats.streams.inFlight = inFlight;
  }
}

function emptyStats(): SimStats {
  return {
    requests: {},
    refreshesByToken: {},
    chatsByRefreshToken: {},
    chatsByAccount: {},
    faults: {},
    streams: { inFlight: 0, completed: 0, aborted: 0, reset: 0 },
    recentChats: [],
  };
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
