import { AppError } from '@kirogate/errors';
import type { CanonicalRequest, ImagePart } from '@kirogate/protocol';
import { ImageFetchError, type RemoteImageFetcher } from './remote-image-fetcher.ts';

/**
 * Replaces every http(s) image URL in the request by the fetched image (inline base64), so the Kiro
 * conversion only sees inline images. A URL that is refused or fails is the caller's error: a 400
 * naming the message that holds the image and why, never a silent drop.
 */
export async function resolveRemoteImages(
  request: CanonicalRequest,
  fetcher: RemoteImageFetcher,
  signal?: AbortSignal,
): Promise<void> {
  const pending: Array<{ part: ImagePart; where: string }> = [];
  request.messages.forEach((message, index) => {
    if (message.role !== 'user') return;
    for (const part of message.content) {
      if (part.type === 'image') pending.push({ part, where: `messages[${index}]` });
      if (part.type === 'tool-result') {
        for (const inner of part.content) {
          if (inner.type === 'image')
            pending.push({ part: inner, where: `messages[${index}] (tool result)` });
        }
      }
    }
  });
  for (const { part, where } of pending) {
    const source = part.source;
    if (source.kind !== 'url' || !/^https?:/i.test(source.url)) continue;
    try {
      const image = await fetcher.fetch(source.url, signal);
      part.source = { kind: 'base64', mediaType: image.mediaType, data: image.data };
    } catch (error) {
      if (!(error instanceof ImageFetchError)) throw error;
      throw new AppError('INVALID_REQUEST', `${where}: the image URL cannot be used: ${error.message}.`, {
        param: where.replace(/ .*$/, ''),
      });
    }
  }
}
