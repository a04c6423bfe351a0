import { describe, expect, it } from 'vitest';
import { detectImageFormat } from './detect-image-format.ts';

const base64 = (bytes: number[] | string) =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes)).toString(
    'base64',
  );

describe('detectImageFormat', () => {
  it('recognises the four formats Kiro accepts by their signatures', () => {
    expect(detectImageFormat(base64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe(
      'png',
    );
    expect(detectImageFormat(base64([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(detectImageFormat(base64('GIF89a\x01\x00'))).toBe('gif');
    expect(detectImageFormat(base64('RIFF\x24\x00\x00\x00WEBPVP8 '))).toBe('webp');
  });

  it('returns undefined for anything else', () => {
    expect(detectImageFormat(base64('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeUndefined();
    expect(detectImageFormat(base64('RIFF\x24\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(detectImageFormat('abc')).toBeUndefined();
  });
});
