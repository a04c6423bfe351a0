import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@kirogate/config';
import { startKiroSim } from '@kirogate/kiro-sim';
import { standaloneConfigSchema } from './config.ts';
import { startStandalone } from './start-standalone.ts';

/**
 * `npm run demo`: the Kiro simulator and the gateway wired to it, with a demo credential, so a newcomer
 * sees real answers without a Kiro account. Nothing leaves this machine.
 */
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const sim = await startKiroSim({ port: 0 });
const proxyKey = process.env.PROXY_API_KEY ?? `demo-${randomBytes(6).toString('hex')}`;
const config = loadConfig(standaloneConfigSchema, {
  LOG_LEVEL: 'warn',
  ...process.env,
  PROXY_API_KEY: proxyKey,
  REFRESH_TOKEN: `aor${randomBytes(90).toString('base64url')}`,
  KIRO_API_URL: sim.url,
  KIRO_AUTH_URL: sim.url,
  KIRO_OIDC_URL: sim.url,
});
const app = await startStandalone(config, version);

const body = JSON.stringify({
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'user', content: 'Hello, Kiro!' }],
});
process.stdout.write(
  [
    `KiroGate ${version} demo: gateway ${app.url}, simulated Kiro ${sim.url}`,
    '',
    'Try:',
    `  curl ${app.url}/v1/chat/completions -H 'Authorization: Bearer ${proxyKey}' -H 'content-type: application/json' -d '${body}'`,
    '',
    `  curl -N ${app.url}/v1/messages -H 'x-api-key: ${proxyKey}' -H 'content-type: application/json' \\`,
    `    -d '{"model":"claude-sonnet-4-5","max_tokens":512,"stream":true,"messages":[{"role":"user","content":"Weather in Paris? [[sim:call get_weather {\\"city\\":\\"Paris\\"}]]"}],"tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}'`,
    '',
    `  curl ${app.url}/v1/responses -H 'Authorization: Bearer ${proxyKey}' -H 'content-type: application/json' -d '{"model":"claude-sonnet-4-5","input":"Hello, Kiro!"}'`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);

const stop = (): void => {
  void app
    .stop()
    .then(() => sim.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
