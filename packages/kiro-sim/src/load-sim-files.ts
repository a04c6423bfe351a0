import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type ScenarioInput, scenarioSchema } from './scenario.ts';
import type { RegisteredToken } from './token-registry.ts';

const strictTokensSchema = z.array(
  z.union([
    z
      .string()
      .min(1)
      .transform((refreshToken): RegisteredToken => ({ refreshToken })),
    z.object({
      refreshToken: z.string().min(1),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
    }),
    z.object({ refreshToken: z.string().min(1) }),
  ]),
);

/** Reads and checks a scenario file; the simulator parses the returned input itself. */
export async function loadScenario(path: string): Promise<ScenarioInput> {
  const input = await readJson(path, 'scenario');
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Scenario file ${path}: ${z.prettifyError(parsed.error)}`);
  return input as ScenarioInput;
}

/** A JSON list of refresh tokens: strings (social) or objects with clientId/clientSecret (IdC). */
export async function loadStrictTokens(path: string): Promise<RegisteredToken[]> {
  const parsed = strictTokensSchema.safeParse(await readJson(path, 'strict tokens'));
  if (!parsed.success) throw new Error(`Strict tokens file ${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the ${what} file ${path}: ${(error as Error).message}`);
  }
}
