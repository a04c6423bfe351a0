import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Cookie values are `<session id>.<HMAC-SHA256(secret, purpose.id)>`: a forged or altered cookie is
 * refused before any database read, and the purpose keeps a user cookie from passing as an admin one.
 */
export class CookieSigner {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  sign(purpose: string, id: string): string {
    return `${id}.${this.mac(purpose, id)}`;
  }

  /** The session id when the signature is valid, else undefined. */
  unsign(purpose: string, value: string): string | undefined {
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'utf8');
    const expected = Buffer.from(this.mac(purpose, id), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  /** A value bound to the session id, e.g. the CSRF token (derived, so nothing extra is stored). */
  mac(purpose: string, id: string): string {
    return createHmac('sha256', this.#secret).update(`${purpose}.${id}`, 'utf8').digest('base64url');
  }
}

/** Reads one cookie from a `Cookie` header without a dependency; first occurrence wins. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
