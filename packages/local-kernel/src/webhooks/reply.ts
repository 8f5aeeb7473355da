// Sending a webhook handler's normalised reply (the SDK's replyOf: `{ status, headers, body }`) to an external
// caller: JSON unless the body is a string, only headers that cannot change how the kernel's HTTP works.
import type { ServerResponse } from "node:http";

/** A handler's reply after the SDK normalised it. */
export interface WebhookWireReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

// Framing, connection and cookie headers are the kernel's business: a handler cannot set them (an allowlist, so a
// header invented tomorrow is dropped, not passed).
const SAFE_HEADER =
  /^(content-type|cache-control|etag|last-modified|location|retry-after|link|content-language|x-[a-z0-9-]+)$/;
const BLOCKED_X = new Set(["x-powered-by", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"]);
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The headers of a reply a handler may set (lower-cased), values without control characters. */
export function safeHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const name = k.toLowerCase();
    if (!SAFE_HEADER.test(name) || BLOCKED_X.has(name) || !HEADER_VALUE.test(v)) continue;
    out[name] = v.slice(0, 4096);
  }
  return out;
}

/** Writes the reply: 204/304 without a body, a string as text, anything else as JSON. */
export function sendReply(res: ServerResponse, reply: WebhookWireReply): void {
  // 1xx would leave the client waiting for a final answer: a handler that asks for one answers 200.
  const status = Number.isInteger(reply.status) && reply.status >= 200 && reply.status <= 599 ? reply.status : 200;
  const headers = safeHeaders(reply.headers ?? {});
  const empty = status === 204 || status === 304 || reply.body === null || reply.body === undefined;
  let text = "";
  if (!empty) {
    if (typeof reply.body === "string") {
      text = reply.body;
      headers["content-type"] ??= "text/plain; charset=utf-8";
    } else {
      text = JSON.stringify(reply.body);
      headers["content-type"] ??= "application/json; charset=utf-8";
    }
  }
  res.writeHead(status, {
    ...headers,
    "cache-control": headers["cache-control"] ?? "no-store",
    ...(status === 204 || status === 304 ? {} : { "content-length": Buffer.byteLength(text) }),
  });
  res.end(status === 204 || status === 304 ? undefined : text);
}
