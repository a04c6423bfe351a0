import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/service-runtime';
import { brokerConfigSchema } from './config.ts';
import { startTokenBroker } from './start-token-broker.ts';

await runService(() => startTokenBroker(loadConfig(brokerConfigSchema)), {
  stoppingMessage: 'stopping: health NOT_SERVING, running calls may finish',
});
