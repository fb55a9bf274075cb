// One request/response pair on the sandbox: how it is answered, or deliberately not answered,
// and how it ends (its record, its timers, its socket).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import { errorEnvelope, type ErrorAnswer } from "./errors.js";
import type { StatusFault } from "./faults.js";
import { Recorder, type RecordedRequest, type RequestOutcome } from "./recorder.js";

/** An answer before it is written: the status, the body bytes and what describes them. */
export interface Reply {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
}

export const JSON_CONTENT_TYPE = "application/json";

export function errorReply(answer: ErrorAnswer, requestId: string): Reply {
  return { status: answer.status, body: Buffer.from(JSON.stringify(errorEnvelope(answer, requestId))), contentType: JSON_CONTENT_TYPE, headers: answer.headers };
}

/** The error answer of a status fault, with its Retry-After headers. */
export function statusFaultAnswer(fault: StatusFault): ErrorAnswer {
  const headers: Record<string, string> = {};
  if (fault.retryAfter instanceof Date) headers["retry-after"] = fault.retryAfter.toUTCString();
  else if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  return { status: fault.status, code: fault.code, message: fault.message, headers: { ...headers, ...fault.headers } };
}

/** The kind of page a proxy in front of the API sends when the API is down. */
export function htmlReply(status: number, headers?: Readonly<Record<string, string>>): Reply {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, body: Buffer.from(html), contentType: "text/html; charset=utf-8", headers };
}

export class Exchange {
  readonly #res: ServerResponse;
  readonly #req: IncomingMessage;
  readonly #timers = new Set<{ timer: NodeJS.Timeout; wake: (open: boolean) => void }>();
  #open = true;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    readonly record: RecordedRequest,
    private readonly onEnd: (exchange: Exchange) => void,
    /** Sent with every answer of this exchange (CORS), under the reply's own headers. */
    private readonly baseHeaders: Readonly<Record<string, string>> = {},
  ) {
    this.#req = req;
    this.#res = res;
    // 'finish': the answer was handed to the connection; 'close': it ended, finished or not.
    res.once("finish", () => this.end("completed"));
    res.once("close", () => this.end(res.writableFinished ? "completed" : "client-aborted"));
  }

  get open(): boolean {
    return this.#open;
  }

  /** Waits `ms`; resolves false (early) when the exchange ended meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (!this.#open) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry);
          resolve(this.#open);
        }, ms),
        wake: resolve,
      };
      this.#timers.add(entry);
    });
  }

  send(reply: Reply): void {
    if (!this.#open) return;
    this.record.status = reply.status;
    this.#res.writeHead(reply.status, this.#headers(reply, reply.body.length));
    this.#res.end(reply.body);
  }

  /** Sends the headers and half the body, then drops the connection (a reset mid-body). */
  sendHalfAndDrop(reply: Reply): void {
    if (!this.#open) return;
    this.record.status = reply.status;
    this.#res.writeHead(reply.status, this.#headers(reply, reply.body.length));
    // A FIN after the half body (not an RST, which may discard data the client has not read yet).
    this.#res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => this.#drop("reset", false));
  }

  /** Drops the connection before anything is written (a reset before the body). */
  resetNow(): void {
    this.#drop("reset", true);
  }

  /** Ends the exchange from `close()`, whatever state it is in. */
  closeByServer(): void {
    this.#drop("server-closed", false);
  }

  end(outcome: Exclude<RequestOutcome, "pending">): void {
    if (!this.#open) return;
    this.#open = false;
    Recorder.finish(this.record, outcome);
    for (const entry of this.#timers) {
      clearTimeout(entry.timer);
      entry.wake(false);
    }
    this.#timers.clear();
    this.onEnd(this);
  }

  #drop(outcome: "reset" | "server-closed", rst: boolean): void {
    this.end(outcome);
    const socket = this.#req.socket;
    if (rst && !socket.destroyed) socket.resetAndDestroy();
    else socket.destroy();
  }

  #headers(reply: Reply, length: number): Record<string, string | number> {
    const headers: Record<string, string | number> = { ...this.baseHeaders, "content-length": length, "x-request-id": this.record.requestId };
    if (reply.contentType !== undefined) headers["content-type"] = reply.contentType;
    return reply.headers ? { ...headers, ...reply.headers } : headers;
  }
}
