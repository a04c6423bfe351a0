import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '@kirogate/errors';
import { expandHome } from './expand-home.ts';
import type { KiroCredential } from './kiro-credential.ts';
import {
  type ClientRegistration,
  clientRegistrationSchema,
  invalidShape,
  parseCredential,
} from './parse-credential.ts';

/** The part of WHATWG fetch that loading a credentials URL needs. */
export type FetchLike = (
  url: string,
  init: { signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface LoadCredentialsOptions {
  fetch?: FetchLike;
  homeDir?: string;
  signal?: AbortSignal;
}

export interface CredentialsSource {
  kind: 'file' | 'url';
  /** The expanded file path (what `writeBackCredentialsFile` takes), or the URL without its query. */
  location: string;
  /** Entry `i` is entry `i` of the file (index 0 for a single-account file); disabled ones included. */
  credentials: KiroCredential[];
}

type Place = { kind: 'file'; path: string } | { kind: 'url'; url: URL };

/**
 * Reads `KIRO_CREDS_FILE`: a path (with `~`) or an http(s) URL holding one account object or an
 * array of them. IdC entries that carry only `clientIdHash` get their client registration from the
 * `<clientIdHash>.json` file beside the source.
 */
export async function loadCredentialsSource(
  pathOrUrl: string,
  options: LoadCredentialsOptions = {},
): Promise<CredentialsSource> {
  const place = placeOf(pathOrUrl, options.homeDir);
  const label = labelOf(place);
  const document = parseJson(await readPlace(place, options), label);
  const entries = Array.isArray(document) ? document : [document];
  const registrations = new Map<string, Promise<ClientRegistration | undefined>>();
  const credentials: KiroCredential[] = [];
  for (const [index, entry] of entries.entries()) {
    const source = Array.isArray(document) ? `${label} entry ${index}` : label;
    const hash = registrationHashOf(entry);
    let registration: ClientRegistration | undefined;
    if (hash) {
      const pending = registrations.get(hash) ?? readRegistration(place, hash, options);
      registrations.set(hash, pending);
      registration = await pending;
    }
    credentials.push(parseCredential(entry, source, registration));
  }
  return {
    kind: place.kind,
    location: place.kind === 'file' ? place.path : label,
    credentials,
  };
}

function placeOf(pathOrUrl: string, homeDir: string | undefined): Place {
  if (/^https?:\/\//i.test(pathOrUrl)) return { kind: 'url', url: new URL(pathOrUrl) };
  return { kind: 'file', path: expandHome(pathOrUrl, homeDir) };
}

// A credentials URL may be pre-signed; its query string is as secret as the tokens it returns.
function labelOf(place: Place): string {
  return place.kind === 'file' ? place.path : `${place.url.origin}${place.url.pathname}`;
}

/** Only entries that lack an inline client registration look for the side file. */
function registrationHashOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { clientIdHash, clientId, clientSecret } = entry as Record<string, unknown>;
  if (clientId && clientSecret) return undefined;
  return typeof clientIdHash === 'string' && /^[\w-]{1,128}$/.test(clientIdHash) ? clientIdHash : undefined;
}

async function readRegistration(
  place: Place,
  hash: string,
  options: LoadCredentialsOptions,
): Promise<ClientRegistration | undefined> {
  const side: Place =
    place.kind === 'file'
      ? { kind: 'file', path: join(dirname(place.path), `${hash}.json`) }
      : { kind: 'url', url: new URL(`${hash}.json`, place.url) };
  const text = await readPlace(side, options, { missingOk: true });
  if (text === undefined) return undefined;
  const label = labelOf(side);
  const parsed = clientRegistrationSchema.safeParse(parseJson(text, label));
  if (!parsed.success) throw invalidShape(label, parsed.error);
  return parsed.data;
}

async function readPlace(place: Place, options: LoadCredentialsOptions): Promise<string>;
async function readPlace(
  place: Place,
  options: LoadCredentialsOptions,
  flags: { missingOk: true },
): Promise<string | undefined>;
async function readPlace(
  place: Place,
  options: LoadCredentialsOptions,
  flags: { missingOk?: boolean } = {},
): Promise<string | undefined> {
  const label = labelOf(place);
  if (place.kind === 'file') {
    try {
      return await readFile(place.path, { encoding: 'utf8', signal: options.signal });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (flags.missingOk && code === 'ENOENT') return undefined;
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `Cannot read credentials file ${label} (${code})`,
        {},
        {
          cause: error,
        },
      );
    }
  }
  const fetchText = options.fetch ?? globalThis.fetch;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchText(place.url.href, { signal: options.signal });
  } catch (error) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `Cannot fetch credentials from ${label}`,
      {},
      { cause: error },
    );
  }
  if (flags.missingOk && response.status === 404) return undefined;
  if (!response.ok) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `Cannot fetch credentials from ${label} (HTTP ${response.status})`,
    );
  }
  return response.text();
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('INVALID_REQUEST', `${label}: not valid JSON`);
  }
}
