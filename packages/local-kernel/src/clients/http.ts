import { buildHttpUrl } from "@imperal/sdk";
import { clientError } from "../errors.js";

export const HTTP_DEFAULT_TIMEOUT_MS = 30_000;
export const HTTP_MAX_TIMEOUT_MS = 180_000;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface HttpOptions {
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  timeoutMs?: number;
}
/** Plain (clonable) HTTP response. */
export interface HttpResponseData {
  status: number;
  ok: boolean;
  headers: Record<string, string>;
  body: string;
}
/** HTTP response with the `json()`/`text()` helpers handlers use. */
export interface HttpResponse extends HttpResponseData {
  json(): unknown;
  text(): string;
}

/** Adds `json()` and `text()` to a plain response. */
export function withHelpers(r: HttpResponseData): HttpResponse {
  return { ...r, json: () => JSON.parse(r.body), text: () => r.body };
}

function bad(message: string, fix: string, code = "HTTP_INVALID_URL"): Error {
  return clientError("ValidationError", code, message, fix);
}

/** Performs one real `fetch` with the timeout bounds (default 30 s, max 180 s). */
export async function httpRequest(
  method: string,
  url: string,
  opts: HttpOptions = {},
  signal?: AbortSignal,
): Promise<HttpResponseData> {
  let u: URL;
  try {
    // The testing kit builds its URL with the same SDK function: `query` entries replace same-named params.
    u = buildHttpUrl(url, opts?.query);
  } catch {
    throw bad(`Invalid URL ${JSON.stringify(url)}.`, "Pass an absolute http(s) URL.");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw bad(`Unsupported URL scheme ${u.protocol}.`, "Use http:// or https://.");
  const timeoutMs = opts?.timeoutMs ?? HTTP_DEFAULT_TIMEOUT_MS;
  if (
    typeof timeoutMs !== "number" ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs <= 0 ||
    timeoutMs > HTTP_MAX_TIMEOUT_MS
  ) {
    throw bad(
      `timeoutMs must be in 1..${HTTP_MAX_TIMEOUT_MS} (got ${String(timeoutMs)}).`,
      "Use a timeout of at most 180000 ms.",
      "HTTP_INVALID_TIMEOUT",
    );
  }
  const headers: Record<string, string> = { ...(opts?.headers ?? {}) };
  let body: string | Uint8Array | undefined = opts?.body;
  if (opts?.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["content-type"] = "application/json";
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(u, { method, headers, body: body as string | undefined, signal: combined, redirect: "follow" });
  } catch (e) {
    if (timeout.aborted)
      throw clientError(
        "ImperalError",
        "HTTP_TIMEOUT",
        `${method} ${u.origin}${u.pathname} timed out after ${timeoutMs} ms.`,
        "Raise timeoutMs (max 180000) or retry later.",
      );
    if (signal?.aborted)
      throw clientError(
        "TaskCancelled",
        "TASK_CANCELLED",
        "The call was cancelled.",
        "Nothing to fix: the user or the kernel cancelled the call.",
      );
    throw clientError(
      "ImperalError",
      "HTTP_NETWORK_ERROR",
      `${method} ${u.origin}${u.pathname} failed: ${(e as Error).message}`,
      "Check the URL and that the service is reachable.",
    );
  }
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.byteLength > MAX_RESPONSE_BYTES)
    throw clientError(
      "ImperalError",
      "HTTP_RESPONSE_TOO_LARGE",
      "Response is larger than 10 MiB.",
      "Request a smaller page of data.",
    );
  const outHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    outHeaders[k] = v;
  });
  return { status: res.status, ok: res.ok, headers: outHeaders, body: buf.toString("utf8") };
}

/** The `ctx.http` client (kernel-side form, with helpers). */
export function makeHttpClient(signal?: AbortSignal) {
  const m = (method: string) => async (url: string, opts?: HttpOptions) =>
    withHelpers(await httpRequest(method, url, opts, signal));
  return { get: m("GET"), post: m("POST"), put: m("PUT"), patch: m("PATCH"), delete: m("DELETE") };
}
