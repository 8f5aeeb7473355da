import { ImperalError, ValidationError, SDK_ERROR_CODES } from "../errors/index.js";
import type { HttpClient, HttpRequestOptions, HttpResponse } from "../context/types.js";
import { buildHttpUrl } from "../context/http-url.js";

/** A request as seen by a test's fake HTTP handler. */
export interface TestHttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
  json?: unknown;
  timeoutMs: number;
}
/** What a fake HTTP handler returns. */
export interface TestHttpReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
}
export type TestHttpHandler = (req: TestHttpRequest) => TestHttpReply | Promise<TestHttpReply>;

/** Limits of `ctx.http` (SPEC 1.3). */
export const HTTP_LIMITS = { defaultTimeoutMs: 30_000, maxTimeoutMs: 180_000 } as const;

/** A `ctx.http` that routes every request to `handler` (no network in tests), recording requests in `log`. */
export function createTestHttp(handler: TestHttpHandler | undefined, log: TestHttpRequest[]): HttpClient {
  const send = async (
    method: TestHttpRequest["method"],
    url: string,
    opts: HttpRequestOptions = {},
  ): Promise<HttpResponse> => {
    const timeoutMs = opts.timeoutMs ?? HTTP_LIMITS.defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > HTTP_LIMITS.maxTimeoutMs) {
      throw new ValidationError(`timeoutMs ${timeoutMs} is outside 1..${HTTP_LIMITS.maxTimeoutMs}.`, {
        code: SDK_ERROR_CODES.HTTP_INVALID_TIMEOUT,
        fix: "Use at most 180000 ms; move longer work to a longRunning function.",
      });
    }
    let full: URL;
    try {
      // The kernel's ctx.http builds its URL with the same function: `query` replaces same-named params.
      full = buildHttpUrl(url, opts.query);
    } catch {
      throw new ValidationError(`"${url}" is not an absolute URL.`, {
        code: SDK_ERROR_CODES.HTTP_INVALID_URL,
        fix: "Use a full https:// URL.",
      });
    }
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const req: TestHttpRequest = { method, url: full.toString(), headers, timeoutMs };
    if (opts.json !== undefined) {
      req.json = JSON.parse(JSON.stringify(opts.json));
      req.body = JSON.stringify(opts.json);
      headers["content-type"] ??= "application/json";
    } else if (opts.body !== undefined) {
      req.body = typeof opts.body === "string" ? opts.body : new TextDecoder().decode(opts.body);
    }
    log.push(req);
    if (!handler) {
      throw new ImperalError(
        SDK_ERROR_CODES.HTTP_NOT_MOCKED,
        `ctx.http.${method.toLowerCase()}(${url}) was called but the test context has no http handler.`,
        "Pass createTestContext({ http: (req) => ({ status: 200, json: {...} }) }).",
      );
    }
    const reply = await handler(req);
    const status = reply.status ?? 200;
    const body = reply.body ?? (reply.json !== undefined ? JSON.stringify(reply.json) : "");
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: {
        ...(reply.json !== undefined ? { "content-type": "application/json" } : {}),
        ...(reply.headers ?? {}),
      },
      body,
      json: <T>() => JSON.parse(body) as T,
      text: () => body,
    };
  };
  return {
    get: (u, o) => send("GET", u, o),
    post: (u, o) => send("POST", u, o),
    put: (u, o) => send("PUT", u, o),
    patch: (u, o) => send("PATCH", u, o),
    delete: (u, o) => send("DELETE", u, o),
  };
}
