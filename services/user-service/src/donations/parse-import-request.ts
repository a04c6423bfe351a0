import { AppError } from '@kirogate/errors';
import type { Request } from 'express';
import { importLimits, type ParsedImport, parseTokenJson, parseTokenText } from './parse-bulk-import.ts';

/** `file` (multipart), `json_text` or `tokens_text`, within `importLimits`. */
export async function parseImportRequest(req: Request): Promise<ParsedImport> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const file = body.file;
  if (file instanceof Blob) {
    if (file.size > importLimits.fileBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than 5 MiB');
    return parseLoose(await file.text());
  }
  const jsonText = typeof body.json_text === 'string' ? body.json_text : undefined;
  if (jsonText !== undefined && jsonText.trim() !== '') {
    if (Buffer.byteLength(jsonText) > importLimits.jsonBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'json_text is larger than 5 MiB');
    try {
      return parseTokenJson(JSON.parse(jsonText));
    } catch {
      throw new AppError('INVALID_REQUEST', 'json_text is not valid JSON', { param: 'json_text' });
    }
  }
  const tokensText = typeof body.tokens_text === 'string' ? body.tokens_text : undefined;
  if (tokensText !== undefined && tokensText.trim() !== '') {
    if (Buffer.byteLength(tokensText) > importLimits.textBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'tokens_text is larger than 200 KiB');
    return parseTokenText(tokensText);
  }
  throw new AppError('INVALID_REQUEST', 'Send one of file, json_text or tokens_text');
}

function parseLoose(text: string): ParsedImport {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      return parseTokenJson(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: fall back to the plain list.
    }
  }
  return parseTokenText(trimmed);
}
