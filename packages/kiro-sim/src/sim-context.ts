import type { OAuthCodeStore } from './fake-oauth/oauth-code-store.ts';
import type { FaultQueue } from './fault-queue.ts';
import type { ResolvedSimOptions } from './kiro-sim-options.ts';
import type { Scenario } from './scenario.ts';
import type { SimStatsRecorder } from './sim-stats.ts';
import type { TokenRegistry } from './token-registry.ts';

/** Everything a request handler may read or change; one per running simulator. */
export interface SimContext {
  options: ResolvedSimOptions;
  scenario: Scenario;
  tokens: TokenRegistry;
  stats: SimStatsRecorder;
  chatFaults: FaultQueue;
  refreshFaults: FaultQueue;
  oauth: OAuthCodeStore;
}
