export interface ImportCandidate {
  refreshToken: string;
  clientId?: string;
  clientSecret?: string;
}

export interface ParsedImport {
  candidates: ImportCandidate[];
  /** Objects that looked like credentials but lacked a refresh token (or half an IdC client). */
  missingRequired: number;
}

export const importLimits = {
  fileBytes: 5 * 1024 * 1024,
  jsonBytes: 5 * 1024 * 1024,
  textBytes: 200 * 1024,
  maxTokens: 500,
  concurrency: 3,
  errorSamples: 5,
} as const;

/** Plain text: tokens separated by commas, semicolons or whitespace. */
export function parseTokenText(text: string): ParsedImport {
  const tokens = text
    .split(/[\s,;]+/)
    .map((token) => token.trim())
    .filter((token) => token !== '');
  return { candidates: tokens.map((refreshToken) => ({ refreshToken })), missingRequired: 0 };
}

/**
 * JSON in any of these shapes: a string, a list of strings, objects with `refreshToken`
 * (+ `clientId`/`clientSecret` ⇒ IdC) or nested `credentials`, and dicts whose `accounts`/`tokens`/
 * `data` lists hold such objects (searched recursively, depth-limited).
 */
export function parseTokenJson(value: unknown): ParsedImport {
  const result: ParsedImport = { candidates: [], missingRequired: 0 };
  walk(value, result, 0);
  return result;
}

function walk(value: unknown, result: ParsedImport, depth: number): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    result.candidates.push(...parseTokenText(value).candidates);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, result, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const nested = record.credentials;
  const source =
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? (nested as Record<string, unknown>)
      : record;
  const refreshToken = text(source.refreshToken ?? source.refresh_token);
  const clientId = text(source.clientId ?? source.client_id);
  const clientSecret = text(source.clientSecret ?? source.client_secret);
  if (refreshToken !== undefined) {
    if ((clientId === undefined) !== (clientSecret === undefined)) {
      result.missingRequired += 1;
      return;
    }
    result.candidates.push({
      refreshToken,
      ...(clientId !== undefined && clientSecret !== undefined ? { clientId, clientSecret } : {}),
    });
    return;
  }
  let descended = false;
  for (const key of ['accounts', 'tokens', 'data']) {
    if (key in record) {
      descended = true;
      walk(record[key], result, depth + 1);
    }
  }
  if (!descended && (clientId !== undefined || 'refreshToken' in source || 'refresh_token' in source)) {
    result.missingRequired += 1;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
