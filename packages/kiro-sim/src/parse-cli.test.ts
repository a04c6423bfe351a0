import { describe, expect, it } from 'vitest';
import { parseCli } from './parse-cli.ts';

describe('parseCli', () => {
  it('reads flags, falls back to environment variables, and lets flags win', () => {
    const cli = parseCli(
      ['--port', '0', '--rotation', 'revoke-rotated', '--split-writes', '--scenario', 's.json'],
      {
        KIRO_SIM_PORT: '9999',
        KIRO_SIM_EVENT_DELAY: '20',
        KIRO_SIM_TOKEN_TTL: '5',
        KIRO_SIM_STRICT_TOKENS: 'tokens.json',
      },
    );
    expect(cli).toEqual({
      options: {
        port: 0,
        rotation: 'revoke-rotated',
        splitWrites: true,
        eventDelayMs: 20,
        accessTokenTtlSeconds: 5,
      },
      scenarioPath: 's.json',
      strictTokensPath: 'tokens.json',
      help: false,
    });
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCli(['--port', '70000'], {})).toThrow(/port/);
    expect(() => parseCli([], { KIRO_SIM_ROTATION: 'sometimes' })).toThrow(/rotation/);
    expect(() => parseCli(['--colour'], {})).toThrow();
  });
});
