import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/service-runtime';
import { workerConfigSchema } from './config.ts';
import { startWorkerService } from './start-worker-service.ts';

await runService(() => startWorkerService(loadConfig(workerConfigSchema)), {
  stoppingMessage: 'worker stopping: writing the running batch, finishing running jobs',
});
