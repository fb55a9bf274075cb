// A Request-shaped record for openapi-fetch's `Request` option (a public option of createClient and of each
// call). openapi-fetch still builds the URL, query and merged headers; the transport then calls
// `fetch(url, init)`, which builds the one real Request of the attempt. With the default, openapi-fetch
// builds a real Request and fetch copies it into a second one: that copy is the cost this saves.

export class PreparedRequest {
  readonly url: string;
  readonly method: string;
  /** openapi-fetch's merged headers (a Headers object). */
  readonly headers: Headers;
  /** What fetch needs besides the URL: method, headers, and the redirect mode openapi-fetch sets. */
  readonly redirect: RequestRedirect | undefined;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.redirect = init.redirect;
    // openapi-fetch gives a body only to methods that have one; the operations sent this way have none.
    if (init.body !== undefined && init.body !== null) throw new TypeError(`PreparedRequest: ${this.method} ${this.url} has a body`);
  }

  /** The init of `fetch(this.url, init)`: `extra` (the caller's fetchOptions) first, so the SDK's own fields win. */
  fetchInit(signal: AbortSignal, extra: RequestInit | undefined): RequestInit {
    if (extra) return { ...extra, method: this.method, headers: this.headers, redirect: extra.redirect ?? this.redirect, signal };
    return { method: this.method, headers: this.headers, redirect: this.redirect, signal };
  }
}
