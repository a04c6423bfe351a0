import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError } from '@kirogate/errors';

/**
 * Reads and parses a JSON request body: at most `limitBytes` after decompression, UTF-8 only, one
 * `JSON.parse` of one string. An empty body reads as `{}` (the schema then names what is missing).
 * How long the body may take to arrive is the server's `requestTimeout`.
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limitBytes) {
      reject(tooLarge(limitBytes));
      return;
    }
    const charset = /;\s*charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      reject(new AppError('INVALID_REQUEST', `Unsupported request body charset "${charset.slice(0, 40)}".`));
      return;
    }
    let source: Readable;
    try {
      source = decoded(req);
    } catch (error) {
      reject(error);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: AppError): void => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      if (source !== req) source.destroy();
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        fail(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('error', () => fail(new AppError('INVALID_REQUEST', 'The request body could not be read.')));
    req.once('close', () => {
      if (!req.complete) fail(new AppError('INVALID_REQUEST', 'The request body was cut off.'));
    });
    source.once('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.trim() === '') {
        resolve({});
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new AppError('INVALID_JSON', 'The request body is not valid JSON.'));
      }
    });
  });
}

function decoded(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  switch (encoding) {
    case 'identity':
    case '':
      return req;
    case 'gzip':
    case 'x-gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      throw new AppError('INVALID_REQUEST', `Unsupported Content-Encoding "${encoding.slice(0, 40)}".`);
  }
}

function tooLarge(limitBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than the ${Math.round(limitBytes / 1_048_576)} MB limit.`,
  );
}
