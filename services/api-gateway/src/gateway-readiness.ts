import { type ReadinessProbe, readinessFrom } from '@kirogate/observability';

/**
 * The scaled gateway's readiness. Every gateway shares one token broker and one Redis: if either
 * failing made gateways unready, one blip would empty the Service and clients would see connection
 * errors instead of answers. Both are reported in `/readyz` but only draining makes a gateway unready;
 * requests it cannot serve meanwhile get 503 in the caller's protocol.
 */
export function gatewayReadiness(checks: {
  sharedState: () => Promise<unknown>;
  tokenBroker: () => Promise<unknown>;
}): ReadinessProbe {
  return readinessFrom(checks, { advisory: ['sharedState', 'tokenBroker'] });
}
