import { loadScenario, loadStrictTokens } from './load-sim-files.ts';
import { CLI_USAGE, parseCli } from './parse-cli.ts';
import { startKiroSim } from './start-kiro-sim.ts';

try {
  const cli = parseCli(process.argv.slice(2), process.env);
  if (cli.help) {
    console.log(CLI_USAGE);
  } else {
    const sim = await startKiroSim({
      ...cli.options,
      ...(cli.scenarioPath !== undefined && { scenario: await loadScenario(cli.scenarioPath) }),
      ...(cli.strictTokensPath !== undefined && {
        strictTokens: await loadStrictTokens(cli.strictTokensPath),
      }),
    });
    process.stdout.write(`${sim.url}\n`);
    console.error(
      `kiro-sim listening on ${sim.url} (KIRO_API_URL, KIRO_AUTH_URL and KIRO_OIDC_URL may all point here)`,
    );
    const stop = () => {
      sim.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
} catch (error) {
  console.error((error as Error).message);
  console.error(CLI_USAGE);
  process.exitCode = 2;
}
