import type { ChannelOptions } from '@grpc/grpc-js';

/**
 * Client channels balance every call round-robin over all addresses the target resolves to. With a
 * `dns:///` target on a headless Service that is every ready pod; grpc-js's default, pick_first,
 * would pin each client to one pod for the life of the connection, and new replicas would idle.
 */
export const roundRobinChannelOptions: ChannelOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  // Re-resolve soon after a pod leaves or a connection ends (the default waits 30 s).
  'grpc.dns_min_time_between_resolutions_ms': 5_000,
};

/**
 * Servers end each connection after five minutes (calls in flight get 30 s more). Clients then
 * re-resolve and reconnect, so replicas added by a scale-up receive calls from existing clients too.
 */
export const serverConnectionAge = { maxAgeMs: 300_000, graceMs: 30_000 };
