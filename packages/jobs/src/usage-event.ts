import { z } from 'zod';

/**
 * One finished request, emitted by the gateway, idempotent on `requestId`. The gateway makes that id;
 * the client's `X-Request-ID` is only `correlationId` (absent in events of older gateways).
 */
export const usageEventSchema = z.object({
  requestId: z.string().min(1).max(128),
  correlationId: z.string().max(128).nullable().default(null),
  at: z.iso.datetime(),
  caller: z.string().max(128),
  userId: z.string().max(64).nullable(),
  keyId: z.string().max(64).nullable(),
  credentialId: z.string().max(64).nullable(),
  model: z.string().max(128),
  api: z.enum(['openai', 'anthropic', 'responses']),
  stream: z.boolean(),
  status: z.enum(['success', 'error', 'aborted']),
  httpStatus: z.number().int(),
  errorClass: z.string().max(64).nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  credits: z.number().nonnegative(),
  ttftMs: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  ip: z.string().max(64).nullable(),
});

export type UsageEvent = z.infer<typeof usageEventSchema>;

/** The most events one `usage.batch` job carries. */
export const usageBatchMaxEvents = 500;

/**
 * The events one gateway finished within a short window (see the gateway's UsageRecorder). Each
 * event is still idempotent on its `requestId`, so a batch delivered twice counts once.
 */
export const usageBatchSchema = z.object({
  events: z.array(usageEventSchema).min(1).max(usageBatchMaxEvents),
});

export type UsageBatch = z.infer<typeof usageBatchSchema>;
