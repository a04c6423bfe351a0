import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type AppErrorDetails, type ErrorCode } from '@kirogate/errors';
import { seededRandom } from '@kirogate/testing/random';
import type { StreamEvent } from '../canonical/index.ts';

/**
 * Test support for the stream golden tests: fixtures of canonical events, seeded re-chunking of
 * those events and of the SSE text, and golden-file comparison honouring UPDATE_GOLDEN=1.
 */

type FixtureEvent =
  | Exclude<StreamEvent, { type: 'error' }>
  | { type: 'error'; error: { code: ErrorCode; message: string; details?: AppErrorDetails } };

export interface StreamFixture<C> {
  name: string;
  context: C;
  events: StreamEvent[];
}

export function loadStreamFixtures<C>(dir: string): Array<StreamFixture<C>> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.events.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { context: C; events: FixtureEvent[] };
      const events = raw.events.map(
        (event): StreamEvent =>
          event.type === 'error'
            ? {
                type: 'error',
                error: new AppError(event.error.code, event.error.message, event.error.details),
              }
            : event,
      );
      return { name: file.slice(0, -'.events.json'.length), context: raw.context, events };
    });
}

/** Cuts `text` into pieces of 0..maxPiece characters (empty pieces included). */
export function splitText(text: string, random: () => number, maxPiece = 12): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = Math.floor(random() * (maxPiece + 1));
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

type DeltaEvent = Extract<StreamEvent, { type: 'text-delta' | 'thinking-delta' | 'tool-call-delta' }>;

function runKey(event: StreamEvent): string | undefined {
  if (event.type === 'tool-call-delta') return `tool:${event.index}`;
  return event.type === 'text-delta' || event.type === 'thinking-delta' ? event.type : undefined;
}

function deltaText(event: DeltaEvent): string {
  return event.type === 'tool-call-delta' ? event.argumentsDelta : event.text;
}

function withText(event: DeltaEvent, text: string): DeltaEvent {
  return event.type === 'tool-call-delta' ? { ...event, argumentsDelta: text } : { ...event, text };
}

/** The same answer delivered with runs of deltas merged and re-split at random boundaries. */
export function rechunkEvents(events: ReadonlyArray<StreamEvent>, seed: number): StreamEvent[] {
  const random = seededRandom(seed);
  const out: StreamEvent[] = [];
  let at = 0;
  while (at < events.length) {
    const first = events[at] as StreamEvent;
    const key = runKey(first);
    if (key === undefined) {
      out.push(first);
      at++;
      continue;
    }
    let text = '';
    while (at < events.length && runKey(events[at] as StreamEvent) === key)
      text += deltaText(events[at++] as DeltaEvent);
    for (const piece of splitText(text, random)) out.push(withText(first as DeltaEvent, piece));
  }
  return out;
}

export async function* replay<T>(items: ReadonlyArray<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** The items in batches of 1 to 4 (sizes drawn from `seed`), as the gateway hands them on: one per read. */
export async function* replayInBatches<T>(items: ReadonlyArray<T>, seed = 1): AsyncGenerator<T[]> {
  const random = seededRandom(seed);
  for (let at = 0; at < items.length; ) {
    const size = 1 + Math.floor(random() * 4);
    yield items.slice(at, at + size);
    at += size;
  }
}

export async function drain<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** A fetch `Response` whose body arrives in random byte-sized pieces, splitting UTF-8 sequences too. */
export function responseOf(text: string, seed: number, contentType = 'text/event-stream'): Response {
  const bytes = new TextEncoder().encode(text);
  const random = seededRandom(seed);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let at = 0;
      while (at < bytes.length) {
        const size = 1 + Math.floor(random() * 48);
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': contentType } });
}

/** Compares `actual` with the golden file, or rewrites the file when UPDATE_GOLDEN=1. */
export function golden(path: string, actual: string): { actual: string; expected: string } {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  return { actual, expected: readFileSync(path, 'utf8') };
}
