// A Request-shaped record for openapi-fetch's `Request` option (a public option of createClient and of each
// call). openapi-fetch still builds the URL, query and merged headers; the transport then calls
// `fetch(url, init)`, which builds the one real Request of the attempt. With the default, openapi-fetch
// builds a real Request and fetch copies it into a second one: that copy is the cost this saves.

export class PreparedRequest {
  readonly url: string;
  readonly method: string;
  /** openapi-fetch's merged headers (it always passes a Headers object). */
  readonly headers: Headers;

  constructor(url: string | URL, init: RequestInit) {
    this.url = String(url);
    this.method = init.method ?? "GET";
    this.headers = init.headers as Headers;
  }

  /**
   * The init of `fetch(this.url, init)`: the caller's fetchOptions first, so the SDK's own fields win. Object.assign,
   * not a spread: V8 builds `{ ...options, newKey }` slowly, and this runs for every attempt.
   */
  init(signal: AbortSignal, fetchOptions: RequestInit | undefined): RequestInit {
    const own = { method: this.method, headers: this.headers, signal };
    return fetchOptions ? Object.assign({}, fetchOptions, own) : own;
  }
}
