import { readFileSync } from 'node:fs';
import { loadConfig } from '@kirogate/config';
import { runService } from '@kirogate/observability';
import { standaloneConfigSchema } from './config.ts';
import { startStandalone } from './start-standalone.ts';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

await runService(() => startStandalone(loadConfig(standaloneConfigSchema), version), {
  stoppingMessage: 'draining: new requests are refused, open streams may finish',
});
