/** What one load request ended as, from the caller's side. */
export type RequestResult =
  | { kind: 'ok' }
  /** An HTTP error answered in the caller's protocol (status and message), before any body byte. */
  | { kind: 'http-error'; status: number; message: string }
  /** A stream that reported an error in-band (Anthropic `event: error`, OpenAI `data: {"error":…}`). */
  | { kind: 'in-band-error'; message: string }
  /** A stream that stopped without its terminator or an error: the caller cannot tell it was cut. */
  | { kind: 'cut'; message: string }
  /** No answer at all (refused connection, reset before the headers, the run's own time bound). */
  | { kind: 'no-answer'; message: string };

export interface RequestShape {
  api: 'openai' | 'anthropic';
  stream: boolean;
}

/** The four shapes in turn: both APIs, streaming and not. */
export function shapeFor(index: number): RequestShape {
  return { api: index % 2 === 0 ? 'openai' : 'anthropic', stream: index % 4 < 2 };
}

/** Streams last about a second (40 deltas, 25 ms apart), so faults land in the middle of some. */
const streamPrompt = 'chaos stream [[sim:text 40]] [[sim:delay 25]]';
const plainPrompt = 'chaos request [[sim:text 12]]';

export function requestInit(shape: RequestShape, apiKey: string, requestId: string, signal: AbortSignal) {
  const content = shape.stream ? streamPrompt : plainPrompt;
  const body =
    shape.api === 'openai'
      ? { model: 'claude-sonnet-4-5', stream: shape.stream, messages: [{ role: 'user', content }] }
      : {
          model: 'claude-sonnet-4-5',
          stream: shape.stream,
          max_tokens: 512,
          messages: [{ role: 'user', content }],
        };
  const auth: Record<string, string> =
    shape.api === 'openai'
      ? { authorization: `Bearer ${apiKey}` }
      : { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' };
  return {
    path: shape.api === 'openai' ? '/v1/chat/completions' : '/v1/messages',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...auth },
      body: JSON.stringify(body),
      signal,
    } satisfies RequestInit,
  };
}

/** Reads a whole answer and says what it was. */
export async function readResult(shape: RequestShape, response: Response): Promise<RequestResult> {
  if (response.status !== 200) {
    const text = await response.text().catch(() => '');
    return { kind: 'http-error', status: response.status, message: errorMessage(text) };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { kind: 'cut', message: describe(error) };
  }
  if (!shape.stream) {
    try {
      const body = JSON.parse(text) as { choices?: unknown[]; content?: unknown[] };
      const parts = shape.api === 'openai' ? body.choices : body.content;
      return Array.isArray(parts) && parts.length > 0
        ? { kind: 'ok' }
        : { kind: 'cut', message: 'empty answer' };
    } catch {
      return { kind: 'cut', message: 'the JSON answer was incomplete' };
    }
  }
  return readStream(shape, text);
}

function readStream(shape: RequestShape, text: string): RequestResult {
  const data = text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6));
  for (const payload of data) {
    if (payload === '[DONE]') continue;
    try {
      const event = JSON.parse(payload) as { type?: string; error?: { message?: string } };
      if (event.error !== undefined && (shape.api === 'openai' || event.type === 'error')) {
        return { kind: 'in-band-error', message: String(event.error.message ?? 'error') };
      }
    } catch {
      return { kind: 'cut', message: 'a partial SSE event' };
    }
  }
  const finished =
    shape.api === 'openai'
      ? data.at(-1) === '[DONE]'
      : data.some((payload) => payload.includes('"message_stop"'));
  return finished ? { kind: 'ok' } : { kind: 'cut', message: 'the stream ended without its terminator' };
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    return String(body.error?.message ?? text.slice(0, 120));
  } catch {
    return text.slice(0, 120);
  }
}

export function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
