import type { KiroImageFormat } from './types.ts';

/** The image format announced by the first bytes of base64 data, or undefined when unrecognised. */
export function detectImageFormat(base64: string): KiroImageFormat | undefined {
  // 16 base64 characters decode to the 12 bytes the longest signature (WebP) needs.
  const head = Buffer.from(base64.slice(0, 16), 'base64');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}
