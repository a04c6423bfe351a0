import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { detectImageFormat } from '@kirogate/protocol';
import { linkedSignal } from '../pipeline/linked-signal.ts';
import { blockedReason } from './address-guard.ts';

export interface RemoteImageSettings {
  maxBytes: number;
  timeoutMs: number;
  /** Redirects followed, each one checked again. */
  maxRedirects: number;
  /** Host name → addresses; DNS by default. Tests inject their own. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Addresses allowed although the guard refuses them (tests: a loopback server standing in for a public one). */
  allowAddresses?: readonly string[];
}

export interface FetchedImage {
  mediaType: string;
  /** Base64. */
  data: string;
}

/** Why an image URL could not be used; the message names the host, never the full (maybe signed) URL. */
export class ImageFetchError extends Error {}

/**
 * Fetches an image a client referenced by http(s) URL, without letting the URL reach this host or its
 * networks (SSRF): the host name is resolved first and every address must be public; the connection
 * goes to the checked address (no second lookup a DNS rebinding could answer differently); every
 * redirect, at most `maxRedirects`, is checked the same way. The body is capped at `maxBytes`, the
 * whole fetch at `timeoutMs`, and the type comes from the bytes, not from the server's header.
 */
export class RemoteImageFetcher {
  readonly #settings: RemoteImageSettings;

  constructor(settings: RemoteImageSettings) {
    this.#settings = settings;
  }

  async fetch(url: string, signal?: AbortSignal): Promise<FetchedImage> {
    const deadline = AbortSignal.timeout(this.#settings.timeoutMs);
    const abort = signal ? linkedSignal(signal, deadline) : deadline;
    let target = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      const address = await this.#checkedAddress(target);
      const response = await get(target, address, abort, this.#settings.timeoutMs);
      const location = response.headers.location;
      if (
        response.statusCode !== undefined &&
        response.statusCode >= 300 &&
        response.statusCode < 400 &&
        location
      ) {
        response.resume();
        if (redirects >= this.#settings.maxRedirects) {
          throw new ImageFetchError(
            `${target.host} redirected more than ${this.#settings.maxRedirects} times`,
          );
        }
        target = parseUrl(new URL(location, target).toString());
        continue;
      }
      if (response.statusCode !== 200) {
        response.resume();
        throw new ImageFetchError(`${target.host} answered HTTP ${response.statusCode}`);
      }
      const bytes = await readCapped(response, this.#settings.maxBytes, target.host);
      const data = bytes.toString('base64');
      const format = detectImageFormat(data);
      if (!format)
        throw new ImageFetchError(`what ${target.host} sent is not a PNG, JPEG, GIF or WebP image`);
      return { mediaType: `image/${format}`, data };
    }
  }

  async #checkedAddress(url: URL): Promise<string> {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(hostname)) addresses = [hostname];
    else {
      try {
        addresses = await (this.#settings.resolve ?? resolveAll)(hostname);
      } catch {
        throw new ImageFetchError(`${url.host} could not be resolved`);
      }
    }
    if (addresses.length === 0) throw new ImageFetchError(`${url.host} could not be resolved`);
    for (const address of addresses) {
      const why = this.#settings.allowAddresses?.includes(address) ? undefined : blockedReason(address);
      if (why) throw new ImageFetchError(`${url.host} resolves to ${why}, which is never fetched`);
    }
    return addresses[0]!;
  }
}

async function resolveAll(hostname: string): Promise<string[]> {
  return (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ImageFetchError('the image URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageFetchError(`image URLs must be http(s), not ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password) throw new ImageFetchError('image URLs may not carry credentials');
  return url;
}

/** One GET to `url`, connected to `address` whatever DNS would say now. */
function get(url: URL, address: string, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
  const family = isIP(address);
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(
        null,
        [{ address, family }],
      );
    } else callback(null, address, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: 'GET',
      lookup,
      signal,
      timeout: timeoutMs,
      headers: { accept: 'image/*', 'user-agent': 'KiroGate image fetch' },
    });
    request.on('response', resolve);
    request.on('timeout', () => request.destroy(new ImageFetchError(`${url.host} did not answer in time`)));
    request.on('error', (error) =>
      reject(
        error instanceof ImageFetchError
          ? error
          : signal.aborted
            ? new ImageFetchError(`${url.host} did not answer in time`)
            : new ImageFetchError(`${url.host} could not be reached`),
      ),
    );
    request.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, host: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new ImageFetchError(`the image at ${host} is larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.destroy();
        throw new ImageFetchError(`the image at ${host} is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ImageFetchError) throw error;
    throw new ImageFetchError(`the image at ${host} could not be read in time`);
  }
  return Buffer.concat(chunks);
}
