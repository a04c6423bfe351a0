export { decideServiceUse, type MissingService, type ServiceUse } from './decide-service-use.ts';
export { describeWithServices, type ServiceNeeds } from './describe-with-services.ts';
export { getTestPostgres, type TestPostgres } from './get-test-postgres.ts';
export { getTestRedis, type TestRedis } from './get-test-redis.ts';
export { killProcessTree, processTree } from './kill-process-tree.ts';
export { locatePostgres } from './locate-postgres.ts';
export { locateRedis } from './locate-redis.ts';
export type { ServiceLocation } from './service-location.ts';
export { freePorts, startOnFreePorts } from './start-on-free-ports.ts';
