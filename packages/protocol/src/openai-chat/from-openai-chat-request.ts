import { AppError } from '@kirogate/errors';
import type { CanonicalRequest } from '../canonical/index.ts';
import { invalidRequestFromZod } from '../shared/invalid-request-from-zod.ts';
import { thinkingForEffort } from '../shared/thinking-for-effort.ts';
import { fromOpenAiChatMessages } from './from-openai-chat-messages.ts';
import { fromOpenAiChatToolChoice, fromOpenAiChatTools } from './from-openai-chat-tools.ts';
import { openAiChatRequestSchema } from './openai-chat-request-schema.ts';

/** Validates an OpenAI Chat Completions body and converts it; bad input throws INVALID_REQUEST. */
export function fromOpenAiChatRequest(body: unknown): CanonicalRequest {
  const parsed = openAiChatRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidRequestFromZod(parsed.error, body);
  const request = parsed.data;
  if ((request.n ?? 1) > 1) {
    throw new AppError('INVALID_REQUEST', 'n: only one choice per request is supported', { param: 'n' });
  }
  const { system, messages } = fromOpenAiChatMessages(request.messages);
  const stop = request.stop ?? undefined;
  return {
    model: request.model,
    system,
    messages,
    tools: fromOpenAiChatTools(request),
    toolChoice: fromOpenAiChatToolChoice(request),
    thinking: thinkingForEffort(request.reasoning_effort),
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stopSequences: typeof stop === 'string' ? [stop] : stop,
    stream: request.stream ?? false,
    includeUsage: request.stream_options?.include_usage === true ? true : undefined,
    metadata: {
      ...(request.user && { userId: request.user }),
      ...(request.prompt_cache_key && { sessionId: request.prompt_cache_key }),
    },
  };
}
