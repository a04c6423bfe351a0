/**
 * Reads at most `limit` bytes of an error body: enough to classify it, and a misbehaving upstream
 * cannot make us buffer megabytes. Leaving the loop early destroys the rest of the body.
 */
export async function readBoundedText(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = limit - size;
    chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.byteLength, room);
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
