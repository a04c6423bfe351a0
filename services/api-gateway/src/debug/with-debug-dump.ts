import type { Request, Response } from 'express';
import { type DebugDump, DebugDumps } from './debug-dumps.ts';

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * Runs a chat handler with a debug dump attached when DEBUG_MODE is on: everything written to the
 * client is copied to the dump, and the dump is written when the handler is done. With dumps off the
 * handler is returned as it is.
 */
export function withDebugDump(dumps: DebugDumps | undefined, handler: Handler): Handler {
  if (!dumps?.enabled) return handler;
  return (req, res) =>
    dumps.run(String(res.locals.requestId ?? ''), async () => {
      copyResponse(res, DebugDumps.current()!);
      try {
        await handler(req, res);
      } finally {
        const error = inBandError(DebugDumps.current()!.modifiedText, res.statusCode);
        await dumps.finish({ httpStatus: res.statusCode, ...(error && { error }) });
      }
    });
}

/** Keeps the parsed client body for the dump (`request_body.json`). */
export function captureRequestBody<T>(body: T): T {
  const dump = DebugDumps.current();
  if (dump) dump.requestBody = body;
  return body;
}

function copyResponse(res: Response, dump: DebugDump): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) dump.modified(chunk);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) dump.modified(chunk);
    return end(chunk, ...rest);
  }) as Response['end'];
}

/** The error the client was told about: the JSON error body, or an in-band stream error. */
function inBandError(text: string, status: number): { code: string; message: string } | undefined {
  if (status >= 400) {
    try {
      const body = JSON.parse(text) as { error?: { type?: string; code?: string; message?: string } };
      return {
        code: body.error?.code ?? body.error?.type ?? String(status),
        message: body.error?.message ?? '',
      };
    } catch {
      return { code: String(status), message: text.slice(0, 500) };
    }
  }
  const line = text
    .split('\n')
    .find((row) => row.startsWith('data: {"type":"error"') || row.startsWith('data: {"error"'));
  if (!line) return undefined;
  try {
    const body = JSON.parse(line.slice(6)) as { error?: { type?: string; code?: string; message?: string } };
    return {
      code: body.error?.code ?? body.error?.type ?? 'stream_error',
      message: body.error?.message ?? '',
    };
  } catch {
    return { code: 'stream_error', message: line.slice(0, 500) };
  }
}
