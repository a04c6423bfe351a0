import { Client } from 'undici';

export interface SimStreams {
  inFlight: number;
  completed: number;
  aborted: number;
  reset: number;
}

interface SimStats {
  streams: SimStreams;
  chatsByAccount: Record<string, number>;
}

/** Reads the simulator's counters over one kept-alive connection, so polling stays sub-ms. */
export class SimStatsProbe {
  readonly #client: Client;

  constructor(simUrl: string) {
    this.#client = new Client(simUrl, {
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
      keepAliveTimeout: 60_000,
    });
  }

  async streams(): Promise<SimStreams> {
    return (await this.#read()).streams;
  }

  /** Chats the simulator served for the account first refreshed with `refreshToken`. */
  async chats(refreshToken: string): Promise<number> {
    return (await this.#read()).chatsByAccount[refreshToken] ?? 0;
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #read(): Promise<SimStats> {
    const response = await this.#client.request({ path: '/__sim/stats', method: 'GET' });
    return (await response.body.json()) as SimStats;
  }
}
