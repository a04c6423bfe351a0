import { type Fault, formatFault, parseFaultList } from './fault.ts';
import type { SimContext } from './sim-context.ts';
import type { RegisteredToken, TokenState } from './token-registry.ts';

export type FaultTarget = 'chat' | 'refresh';

export interface TokenSummary {
  refreshToken: string;
  /** The account's first refresh token, which names it in stats. */
  account: string;
  state: 'active' | 'suspended' | 'quota-exhausted';
  credits: number;
}

/** Faults a refresh endpoint can produce; the others only make sense for chat. */
const REFRESH_FAULTS = new Set([
  'throttled',
  'internal-error',
  'bad-gateway',
  'service-unavailable',
  'slow-first-byte',
]);

/** The operations behind both the `/__sim/*` endpoints and the KiroSim object. */
export interface SimControl {
  /** Applies `faults` (e.g. `throttled:2` or `slow-first-byte:500,mid-stream-exception`) to the next `count` requests. */
  queueFaults(faults: string, count?: number, target?: FaultTarget): Fault[];
  pendingFaults(): Record<FaultTarget, Array<{ faults: string[]; remaining: number }>>;
  clearFaults(): void;
  registerToken(token: RegisteredToken): TokenSummary;
  setTokenState(refreshToken: string, state: TokenState): TokenSummary;
  /** Makes issued access tokens stale, as after their expiry; returns how many. */
  expireAccessTokens(refreshToken?: string): number;
  reset(): void;
}

export function createSimControl(context: SimContext): SimControl {
  const summary = (refreshToken: string): TokenSummary => {
    const account = context.tokens.account(refreshToken)!;
    return {
      refreshToken,
      account: account.rootRefreshToken,
      state: account.state,
      credits: account.credits,
    };
  };
  return {
    queueFaults(text, count = 1, target = 'chat') {
      const faults = parseFaultList(text);
      if (target === 'refresh') {
        const unsupported = faults.find((fault) => !REFRESH_FAULTS.has(fault.name));
        if (unsupported) throw new Error(`Fault "${unsupported.name}" does not apply to refresh requests`);
      }
      (target === 'chat' ? context.chatFaults : context.refreshFaults).push(faults, count);
      return faults;
    },
    pendingFaults() {
      const view = (entries: Array<{ faults: Fault[]; remaining: number }>) =>
        entries.map((entry) => ({ faults: entry.faults.map(formatFault), remaining: entry.remaining }));
      return { chat: view(context.chatFaults.pending()), refresh: view(context.refreshFaults.pending()) };
    },
    clearFaults() {
      context.chatFaults.clearQueued();
      context.refreshFaults.clearQueued();
    },
    registerToken(token) {
      context.tokens.register(token);
      return summary(token.refreshToken);
    },
    setTokenState(refreshToken, state) {
      context.tokens.setState(refreshToken, state);
      return summary(refreshToken);
    },
    expireAccessTokens(refreshToken) {
      return context.tokens.expireAccessTokens(refreshToken);
    },
    reset() {
      context.tokens.reset();
      context.stats.reset();
      context.chatFaults.reset();
      context.refreshFaults.reset();
      context.oauth.reset();
    },
  };
}
