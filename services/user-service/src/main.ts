import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/service-runtime';
import { userServiceConfigSchema } from './config.ts';
import { startUserService } from './start-user-service.ts';

await runService(() => startUserService(loadConfig(userServiceConfigSchema)), {
  stoppingMessage: 'user-service stopping',
});
