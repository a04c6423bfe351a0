import { z } from 'zod';
import { type Fault, parseFaultList } from './fault.ts';

const faultList = z.string().transform((text, context) => {
  try {
    return parseFaultList(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** One step of a scenario: these faults (none for `"none"`) for the next `count` chat requests. */
const stepSchema = z.object({
  fault: z.union([z.literal('none').transform((): Fault[] => []), faultList]),
  count: z.number().int().positive().default(1),
});

export const scenarioSchema = z
  .object({
    description: z.string().optional(),
    /** Applied to chat requests in order; a request that names its own faults does not consume a step. */
    steps: z.array(stepSchema).default([]),
    /** Start over when the steps run out. */
    repeat: z.boolean().default(false),
    /** Directive text used for requests that carry no directives, e.g. `[[sim:text 1000]]`. */
    directives: z.string().optional(),
    firstByteDelayMs: z.number().int().nonnegative().optional(),
    eventDelayMs: z.number().int().nonnegative().optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
