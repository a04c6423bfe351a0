import type { KiroSim } from '../src/index.ts';
import { type StrictFrame, strictFrames } from './strict-frames.ts';

export interface KiroEvent {
  type: string;
  messageType: string;
  payload: Record<string, unknown>;
}

export async function refresh(
  sim: KiroSim,
  refreshToken: string,
): Promise<{ accessToken: string; refreshToken?: string }> {
  const response = await postJson(`${sim.url}/refreshToken`, { refreshToken });
  if (response.status !== 200) throw new Error(`refresh failed: ${response.status}`);
  return (await response.json()) as { accessToken: string; refreshToken?: string };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ChatOptions {
  tools?: Array<{ name: string; description?: string }>;
  history?: unknown[];
  toolResults?: unknown[];
  modelId?: string;
  extra?: Record<string, unknown>;
}

export function chatBody(content: string, options: ChatOptions = {}): Record<string, unknown> {
  const context = {
    ...(options.tools && {
      tools: options.tools.map((tool) => ({
        toolSpecification: {
          name: tool.name,
          description: tool.description ?? `The ${tool.name} tool`,
          inputSchema: { json: { type: 'object', properties: {} } },
        },
      })),
    }),
    ...(options.toolResults && { toolResults: options.toolResults }),
  };
  return {
    conversationState: {
      chatTriggerType: 'MANUAL',
      conversationId: '3f1c6c2e-1a4b-4a63-9d55-0c1d2e3f4a5b',
      currentMessage: {
        userInputMessage: {
          content,
          modelId: options.modelId ?? 'claude-sonnet-4.5',
          origin: 'AI_EDITOR',
          ...(Object.keys(context).length > 0 && { userInputMessageContext: context }),
        },
      },
      ...(options.history && { history: options.history }),
    },
    ...options.extra,
  };
}

export function chat(
  sim: KiroSim,
  accessToken: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return postJson(`${sim.url}/generateAssistantResponse`, body, {
    authorization: `Bearer ${accessToken}`,
    ...headers,
  });
}

/** Reads a 200 body through the strict reader, re-chunked at random boundaries. */
export async function readEvents(response: Response, seed = 7): Promise<KiroEvent[]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return strictFrames(bytes, seed).map(toEvent);
}

export function toEvent(frame: StrictFrame): KiroEvent {
  const header = (name: string) => frame.headers.find(([key]) => key === name)?.[1] ?? '';
  return {
    type: header(':event-type') || header(':exception-type') || header(':error-code'),
    messageType: header(':message-type'),
    payload: frame.payload === '' ? {} : (JSON.parse(frame.payload) as Record<string, unknown>),
  };
}

export function answerText(events: KiroEvent[]): string {
  return events
    .filter((event) => event.type === 'assistantResponseEvent' && !event.payload.followupPrompt)
    .map((event) => event.payload.content)
    .join('');
}
