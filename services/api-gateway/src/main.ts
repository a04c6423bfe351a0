import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/service-runtime';
import { gatewayConfigSchema } from './config.ts';
import { startGateway } from './start-gateway.ts';

await runService(() => startGateway(loadConfig(gatewayConfigSchema)), {
  stoppingMessage: 'draining: new requests are refused, open streams may finish',
});
