import type { ImageSource } from '../canonical/index.ts';

/**
 * `data:` URLs carry the image inline; http(s) URLs are left for the gateway to fetch. Anything else
 * (file paths, other schemes, non-base64 or non-image data) is not an image we can send: undefined.
 */
export function imageSourceFromUrl(url: string): ImageSource | undefined {
  if (/^https?:\/\//i.test(url)) return { kind: 'url', url };
  if (!/^data:/i.test(url)) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const [mediaType = '', ...parameters] = url.slice('data:'.length, comma).toLowerCase().split(';');
  const data = url.slice(comma + 1);
  if (!mediaType.startsWith('image/') || !parameters.includes('base64') || data === '') return undefined;
  return { kind: 'base64', mediaType, data };
}
