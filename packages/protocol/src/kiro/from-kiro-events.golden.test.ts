import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical/index.ts';
import { encodeKiroErrorFrame, encodeKiroEventFrame, encodeKiroExceptionFrame } from './encode-kiro-frame.ts';
import { fromKiroEventBatches, fromKiroEvents } from './from-kiro-events.ts';
import { collect, fromArray, kiroEventsFromRandomChunks } from './kiro-stream-testing.ts';
import { kiroEventBatchesFromBytes } from './parse-kiro-event-stream.ts';

type RecordedFrame =
  | { event: string; payload: unknown }
  | { exception: string; message: string }
  | { error: string; message: string };

const directory = new URL('../../testdata/kiro/events/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';
const names = readdirSync(directory)
  .filter((file) => file.endsWith('.frames.json'))
  .map((file) => file.slice(0, -'.frames.json'.length));
const seeds = [11, 12, 13, 14, 15];

function encode(frame: RecordedFrame): Uint8Array {
  if ('event' in frame) return encodeKiroEventFrame(frame.event, frame.payload);
  if ('exception' in frame) return encodeKiroExceptionFrame(frame.exception, frame.message);
  return encodeKiroErrorFrame(frame.error, frame.message);
}

/** AppError is an Error: keep what callers see of it. */
function serialize(events: StreamEvent[]): string {
  const plain = events.map((event) =>
    event.type === 'error'
      ? { type: 'error', error: { code: event.error.code, message: event.error.message, details: event.error.details } }
      : event,
  );
  return `${JSON.stringify(plain, null, 2)}\n`;
}

describe('fromKiroEvents golden events (UPDATE_GOLDEN=1 rewrites them)', () => {
  it('has recordings to check', () => {
    expect(names.length).toBeGreaterThan(10);
  });

  it.each(names)('%s, with the frame bytes cut at random offsets', async (name) => {
    const recording = JSON.parse(readFileSync(new URL(`${name}.frames.json`, directory), 'utf8'));
    const frames = (recording.frames as RecordedFrame[]).map(encode);
    const golden = new URL(`${name}.events.golden.json`, directory);
    for (const seed of seeds) {
      const actual = serialize(await collect(fromKiroEvents(kiroEventsFromRandomChunks(frames, seed), recording.options)));
      if (update) writeFileSync(golden, actual);
      expect(actual, `seed ${seed}`).toBe(readFileSync(golden, 'utf8'));
    }
  });

  it.each(names)('%s, the whole answer in one read, as batches (the gateway path)', async (name) => {
    const recording = JSON.parse(readFileSync(new URL(`${name}.frames.json`, directory), 'utf8'));
    const bytes = Buffer.concat((recording.frames as RecordedFrame[]).map(encode));
    const batches = await collect(
      fromKiroEventBatches(kiroEventBatchesFromBytes(fromArray([bytes])), recording.options),
    );
    const golden = new URL(`${name}.events.golden.json`, directory);
    expect(serialize(batches.flat())).toBe(readFileSync(golden, 'utf8'));
  });
});
