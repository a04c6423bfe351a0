/**
 * A minimal browser for the JSON APIs: a cookie jar, manual redirects (so each hop can be checked),
 * same-origin `Origin` on mutations, and a record of every response body for the "no secret in any
 * response" assertions.
 */
export class BrowserSession {
  readonly #origin: string;
  readonly #cookies = new Map<string, string>();
  readonly bodies: string[];
  csrf: string | undefined;

  constructor(origin: string, bodies: string[]) {
    this.#origin = origin;
    this.bodies = bodies;
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  async request(
    url: string,
    init: {
      method?: string;
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
      body?: RequestInit['body'];
    } = {},
  ): Promise<{
    status: number;
    location: string | null;
    text: string;
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
    json: () => any;
    headers: Headers;
  }> {
    const target = new URL(url, this.#origin);
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = {};
    if (target.origin === this.#origin) {
      const jar = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      if (jar) headers.cookie = jar;
      if (method !== 'GET') headers.origin = this.#origin;
      if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    }
    let body: RequestInit['body'] | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, {
      method,
      headers: { ...headers, ...init.headers },
      body,
      redirect: 'manual',
    });
    if (target.origin === this.#origin) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute)) || value === '';
        if (expired) this.#cookies.delete(name);
        else this.#cookies.set(name, value);
      }
    }
    const text = await response.text();
    this.bodies.push(text);
    return {
      status: response.status,
      location: response.headers.get('location'),
      text,
      json: () => JSON.parse(text),
      headers: response.headers,
    };
  }

  /**
   * Starts an OAuth login at `path` and adds `providerParams` (the fake providers' `login_as`,
   * `trust_level`) to the authorize URL, then follows the redirects back to this site.
   */
  async oauthLogin(path: string, providerParams: Record<string, string>): Promise<string> {
    const start = await this.request(path);
    if (start.location === null) throw new Error(`${path} did not redirect`);
    const authorize = new URL(start.location);
    for (const [name, value] of Object.entries(providerParams)) authorize.searchParams.set(name, value);
    return this.navigate(authorize.toString(), /^\/(user|login)/);
  }

  /** Follows redirects (across origins) until one leaves for `stopAt` or a non-redirect answers. */
  async navigate(url: string, stopAt: RegExp): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 10; hop += 1) {
      const response = await this.request(next);
      if (response.location === null) return new URL(next, this.#origin).pathname;
      const location = new URL(
        response.location,
        next.startsWith('http') ? next : new URL(next, this.#origin),
      );
      if (stopAt.test(location.pathname + location.search) && location.origin === this.#origin) {
        return location.pathname + location.search;
      }
      next = location.toString();
    }
    throw new Error('too many redirects');
  }
}
