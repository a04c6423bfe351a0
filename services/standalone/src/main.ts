import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/service-runtime';
import { standaloneConfigSchema } from './config.ts';
import { startStandalone } from './start-standalone.ts';

await runService(() => startStandalone(loadConfig(standaloneConfigSchema)), {
  stoppingMessage: 'draining: new requests are refused, open streams may finish',
});
