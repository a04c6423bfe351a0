import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@kirogate/errors';
import type { Request, Response } from 'express';
import { CookieSigner, readCookie } from './session-cookie.ts';
import type { SessionKind, SessionStore } from './session-store.ts';

export interface WebAuthOptions {
  userSecret: string;
  adminSecret: string;
  userMaxAgeSeconds: number;
  adminMaxAgeSeconds: number;
  cookieSecure: 'auto' | 'true' | 'false';
  csrfEnabled: boolean;
  /** Origins accepted besides the request's own (PUBLIC_URL). */
  publicOrigins?: readonly string[];
}

export interface Session {
  kind: SessionKind;
  /** The raw session id (from the cookie); never logged or returned. */
  id: string;
  userId: string | null;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Session cookies, the CSRF defences and the same-origin check for both session kinds. Cookies get
 * `Secure` and the `__Host-` prefix whenever the request is https (X-Forwarded-Proto counts only from
 * proxies trusted by the app's `trust proxy` setting).
 */
export class WebAuth {
  readonly #store: SessionStore;
  readonly #options: WebAuthOptions;
  readonly #signers: Record<SessionKind, CookieSigner>;

  constructor(store: SessionStore, options: WebAuthOptions) {
    this.#store = store;
    this.#options = options;
    this.#signers = {
      user: new CookieSigner(options.userSecret),
      admin: new CookieSigner(options.adminSecret),
    };
  }

  get store(): SessionStore {
    return this.#store;
  }

  isSecure(req: Request): boolean {
    if (this.#options.cookieSecure === 'true') return true;
    if (this.#options.cookieSecure === 'false') return false;
    return req.secure;
  }

  cookieName(req: Request, base: string): string {
    return this.isSecure(req) ? `__Host-${base}` : base;
  }

  setCookie(
    req: Request,
    res: Response,
    base: string,
    value: string,
    maxAgeSeconds: number,
    sameSite: 'lax' | 'strict',
  ): void {
    res.cookie(this.cookieName(req, base), value, {
      httpOnly: true,
      secure: this.isSecure(req),
      sameSite,
      path: '/',
      maxAge: maxAgeSeconds * 1000,
      encode: String,
    });
  }

  clearCookie(req: Request, res: Response, base: string): void {
    res.clearCookie(this.cookieName(req, base), { httpOnly: true, secure: this.isSecure(req), path: '/' });
  }

  readCookie(req: Request, base: string): string | undefined {
    return readCookie(req.get('cookie'), this.cookieName(req, base));
  }

  async start(req: Request, res: Response, kind: SessionKind, userId: string | null): Promise<Session> {
    const previous = await this.current(req, kind);
    if (previous) await this.#store.delete(previous.id);
    const maxAge = kind === 'user' ? this.#options.userMaxAgeSeconds : this.#options.adminMaxAgeSeconds;
    const { id } = await this.#store.create(kind, userId, maxAge * 1000);
    this.setCookie(
      req,
      res,
      cookieBase(kind),
      this.#signers[kind].sign(kind, id),
      maxAge,
      kind === 'admin' ? 'strict' : 'lax',
    );
    return { kind, id, userId };
  }

  async current(req: Request, kind: SessionKind): Promise<Session | undefined> {
    const value = this.readCookie(req, cookieBase(kind));
    if (value === undefined) return undefined;
    const id = this.#signers[kind].unsign(kind, value);
    if (id === undefined) return undefined;
    const stored = await this.#store.find(kind, id);
    return stored ? { kind, id, userId: stored.userId } : undefined;
  }

  async end(req: Request, res: Response, kind: SessionKind): Promise<void> {
    const session = await this.current(req, kind);
    if (session) await this.#store.delete(session.id);
    this.clearCookie(req, res, cookieBase(kind));
  }

  csrfToken(session: Session): string {
    return this.#signers[session.kind].mac('csrf', session.id);
  }

  /** Throws FORBIDDEN unless a mutating request is same-origin and carries the session's CSRF token. */
  checkCsrf(req: Request, session: Session): void {
    if (!MUTATING.has(req.method) || !this.#options.csrfEnabled) return;
    this.checkSameOrigin(req);
    const body = req.body as Record<string, unknown> | undefined;
    const presented =
      req.get('x-csrf-token') ?? (typeof body?.csrf_token === 'string' ? body.csrf_token : undefined);
    const expected = this.csrfToken(session);
    if (
      presented === undefined ||
      presented.length !== expected.length ||
      !timingSafeEqual(Buffer.from(presented), Buffer.from(expected))
    ) {
      throw new AppError('FORBIDDEN', 'Missing or invalid CSRF token');
    }
  }

  /** Whether `Origin` (else `Referer`) names this site (or a PUBLIC_URL origin). */
  sameOrigin(req: Request): boolean {
    return isSameOrigin(req, this.#options.publicOrigins ?? []);
  }

  /** `Origin` (else `Referer`) must name this site; a request carrying neither is refused. */
  checkSameOrigin(req: Request): void {
    if (!this.#options.csrfEnabled) return;
    if (!isSameOrigin(req, this.#options.publicOrigins ?? [])) {
      throw new AppError('FORBIDDEN', 'Cross-site request refused');
    }
  }
}

export function isSameOrigin(req: Request, publicOrigins: readonly string[] = []): boolean {
  const allowed = new Set([`${req.protocol}://${req.host}`, ...publicOrigins].map((o) => o.toLowerCase()));
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null') return allowed.has(origin.toLowerCase());
  const referer = req.get('referer');
  if (referer === undefined || !URL.canParse(referer)) return false;
  return allowed.has(new URL(referer).origin.toLowerCase());
}

function cookieBase(kind: SessionKind): string {
  return kind === 'user' ? 'user_session' : 'admin_session';
}
