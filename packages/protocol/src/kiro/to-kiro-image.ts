import type { ImageSource } from '../canonical/index.ts';
import { detectImageFormat } from './detect-image-format.ts';
import type { KiroImage, KiroImageFormat } from './types.ts';

export type KiroImageConversion = { image: KiroImage } | { warning: string };

const formats: Readonly<Record<string, KiroImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const dataUrl = /^data:([^;,]*)((?:;[^;,]*)*),/;

/**
 * An inline image as Kiro takes it. The bytes decide the format when they are recognisable (clients
 * often declare PNG for a JPEG screenshot, which Kiro rejects); remote URLs are not fetched here and
 * are reported instead. Warnings never quote the image URL, which may be signed.
 */
export function toKiroImage(source: ImageSource): KiroImageConversion {
  if (source.kind === 'url') {
    if (!source.url.startsWith('data:'))
      return { warning: 'a remote image URL was skipped (only inline images are sent)' };
    return fromBase64('', source.url);
  }
  return fromBase64(source.mediaType, source.data);
}

function fromBase64(declaredType: string, data: string): KiroImageConversion {
  let mediaType = declaredType.trim().toLowerCase();
  let bytes = data;
  const prefix = bytes.match(dataUrl);
  if (prefix) {
    if (!prefix[2]?.split(';').includes('base64'))
      return { warning: 'an image data URL that is not base64 was skipped' };
    mediaType = prefix[1]?.trim().toLowerCase() || mediaType;
    bytes = bytes.slice(prefix[0].length);
  }
  bytes = bytes.replace(/\s+/g, '');
  if (bytes === '') return { warning: 'an empty image was skipped' };
  const format = detectImageFormat(bytes) ?? formats[mediaType];
  if (format === undefined) {
    return { warning: `an image of unsupported type ${JSON.stringify(mediaType.slice(0, 40))} was skipped` };
  }
  return { image: { format, source: { bytes } } };
}
