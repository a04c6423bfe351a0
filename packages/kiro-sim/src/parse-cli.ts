import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { KiroSimOptions } from './kiro-sim-options.ts';

export interface CliConfig {
  options: KiroSimOptions;
  scenarioPath?: string;
  strictTokensPath?: string;
  help: boolean;
}

/** Flag → environment variable; a flag wins over its variable. */
const FLAGS = {
  port: 'KIRO_SIM_PORT',
  host: 'KIRO_SIM_HOST',
  scenario: 'KIRO_SIM_SCENARIO',
  'strict-tokens': 'KIRO_SIM_STRICT_TOKENS',
  'token-ttl': 'KIRO_SIM_TOKEN_TTL',
  rotation: 'KIRO_SIM_ROTATION',
  'first-byte-delay': 'KIRO_SIM_FIRST_BYTE_DELAY',
  'event-delay': 'KIRO_SIM_EVENT_DELAY',
  'max-input-bytes': 'KIRO_SIM_MAX_INPUT_BYTES',
  'credit-limit': 'KIRO_SIM_CREDIT_LIMIT',
  'tool-input-limit': 'KIRO_SIM_TOOL_INPUT_LIMIT',
  'frames-per-write': 'KIRO_SIM_FRAMES_PER_WRITE',
  'split-writes': 'KIRO_SIM_SPLIT_WRITES',
} as const;

const count = z.coerce.number().int().nonnegative();
const schema = z.object({
  port: count.max(65_535).optional(),
  host: z.string().min(1).optional(),
  scenario: z.string().min(1).optional(),
  'strict-tokens': z.string().min(1).optional(),
  'token-ttl': z.coerce.number().int().positive().optional(),
  rotation: z.enum(['rotate', 'revoke-rotated', 'off']).optional(),
  'first-byte-delay': count.optional(),
  'event-delay': count.optional(),
  'max-input-bytes': z.coerce.number().int().positive().optional(),
  'credit-limit': z.coerce.number().positive().optional(),
  'tool-input-limit': z.coerce.number().int().positive().optional(),
  'frames-per-write': z.coerce.number().int().positive().optional(),
  'split-writes': z.enum(['true', 'false', '1', '0']).optional(),
});

export const CLI_USAGE = `Usage: kiro-sim [options]
  --port <n>               listen port, 0 picks a free one (default 0)      KIRO_SIM_PORT
  --host <addr>            listen address (default 127.0.0.1)               KIRO_SIM_HOST
  --scenario <file>        JSON scenario: fault steps, default directives   KIRO_SIM_SCENARIO
  --strict-tokens <file>   JSON list of accepted refresh tokens             KIRO_SIM_STRICT_TOKENS
  --token-ttl <s>          access-token lifetime (default 3600)             KIRO_SIM_TOKEN_TTL
  --rotation <policy>      rotate | revoke-rotated | off (default rotate)   KIRO_SIM_ROTATION
  --first-byte-delay <ms>  delay before every chat response                 KIRO_SIM_FIRST_BYTE_DELAY
  --event-delay <ms>       delay between event-stream writes                KIRO_SIM_EVENT_DELAY
  --max-input-bytes <n>    CONTENT_LENGTH_EXCEEDS_THRESHOLD above this      KIRO_SIM_MAX_INPUT_BYTES
  --credit-limit <n>       credits per account before 402 (default 1000)    KIRO_SIM_CREDIT_LIMIT
  --tool-input-limit <n>   cut tool inputs above n bytes, as Kiro does      KIRO_SIM_TOOL_INPUT_LIMIT
  --frames-per-write <n>   frames coalesced per write (default 1)           KIRO_SIM_FRAMES_PER_WRITE
  --split-writes           cut writes at random byte boundaries             KIRO_SIM_SPLIT_WRITES=1
  --help
The base URL is printed alone on the first line of stdout.`;

/** Reads flags and their environment equivalents; throws with a readable message on a bad value. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(
        Object.keys(FLAGS).map((flag) => [flag, { type: flag === 'split-writes' ? 'boolean' : 'string' }]),
      ),
      help: { type: 'boolean' },
    } as Record<string, { type: 'string' | 'boolean' }>,
    strict: true,
  });
  const raw: Record<string, string | undefined> = {};
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag];
    raw[flag] = value === undefined ? env[variable] || undefined : String(value);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid kiro-sim option: ${z.prettifyError(parsed.error)}`);
  const flags = parsed.data;
  const options: KiroSimOptions = {
    ...(flags.port !== undefined && { port: flags.port }),
    ...(flags.host !== undefined && { host: flags.host }),
    ...(flags['token-ttl'] !== undefined && { accessTokenTtlSeconds: flags['token-ttl'] }),
    ...(flags.rotation !== undefined && { rotation: flags.rotation }),
    ...(flags['first-byte-delay'] !== undefined && { firstByteDelayMs: flags['first-byte-delay'] }),
    ...(flags['event-delay'] !== undefined && { eventDelayMs: flags['event-delay'] }),
    ...(flags['max-input-bytes'] !== undefined && { maxInputBytes: flags['max-input-bytes'] }),
    ...(flags['credit-limit'] !== undefined && { creditLimit: flags['credit-limit'] }),
    ...(flags['tool-input-limit'] !== undefined && { toolInputLimitBytes: flags['tool-input-limit'] }),
    ...(flags['frames-per-write'] !== undefined && { framesPerWrite: flags['frames-per-write'] }),
    ...(flags['split-writes'] !== undefined && {
      splitWrites: flags['split-writes'] === 'true' || flags['split-writes'] === '1',
    }),
  };
  return {
    options,
    ...(flags.scenario !== undefined && { scenarioPath: flags.scenario }),
    ...(flags['strict-tokens'] !== undefined && { strictTokensPath: flags['strict-tokens'] }),
    help: values.help === true,
  };
}
