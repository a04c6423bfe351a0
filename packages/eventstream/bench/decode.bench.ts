import { performance } from 'node:perf_hooks';
import { EventStreamDecoder, encodeMessage } from '../src/index.ts';

const FRAMES = 20_000;
const CHUNK = 1400;
const ROUNDS = 15;

const words = ['the', 'quick', 'brown', 'fox', ' jumps', ' over', '\n', 'lazy', 'dog', '. ', 'é', '世界'];
const kiroHeaders = {
  ':event-type': 'assistantResponseEvent',
  ':content-type': 'application/json',
  ':message-type': 'event',
};
let seed = 42;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const frames = Array.from({ length: FRAMES }, () => {
  let content = '';
  for (let n = 1 + Math.floor(random() * 8); n > 0; n--)
    content += words[Math.floor(random() * words.length)];
  return encodeMessage(kiroHeaders, JSON.stringify({ content }));
});
const stream = new Uint8Array(Buffer.concat(frames));
const chunks: Uint8Array[] = [];
for (let at = 0; at < stream.length; at += CHUNK) chunks.push(stream.subarray(at, at + CHUNK));

function decodeOnce(): number {
  const decoder = new EventStreamDecoder();
  let count = 0;
  for (const chunk of chunks) count += decoder.push(chunk).length;
  decoder.end();
  return count;
}

function encodeOnce(): number {
  let bytes = 0;
  for (let i = 0; i < FRAMES; i++) bytes += encodeMessage(kiroHeaders, '{"content":"Hello, world"}').length;
  return bytes;
}

function measure(name: string, run: () => number, bytes: number): void {
  for (let i = 0; i < 3; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(ROUNDS / 2)]!;
  const nsPerFrame = (median * 1e6) / FRAMES;
  const mbPerSecond = bytes / 1e6 / (median / 1e3);
  console.log(
    `${name}: ${nsPerFrame.toFixed(0)} ns/frame, ${mbPerSecond.toFixed(1)} MB/s (median of ${ROUNDS})`,
  );
}

if (decodeOnce() !== FRAMES) throw new Error('decoder lost frames');
console.log(
  `${FRAMES} Kiro-like frames, ${(stream.length / FRAMES).toFixed(1)} B average, ${CHUNK}-byte chunks, node ${process.version}`,
);
measure('decode (split + CRC + headers)', decodeOnce, stream.length);
measure('encode (Kiro string headers)', encodeOnce, FRAMES * 90);
