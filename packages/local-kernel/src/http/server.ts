import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { timingSafeEqual, createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { isValidUserId, USER_ID_RULE } from "@imperal/sdk/patterns";
import { KernelError } from "../errors.js";
import type { KernelLog } from "../log.js";
import {
  ConnectionGuard,
  HTTP_CONNECTION_DEFAULTS,
  requestTimeoutError,
  type ConnectionLimits,
} from "./connections.js";

/** What a route handler receives. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Validated `X-Acting-User`, or undefined when the header is absent. */
  actingUser: string | undefined;
  /** Reads the body (bounded) and parses JSON; empty body -> undefined. Nesting past `maxDepth` (512) is 400. */
  readJson(opts?: { maxDepth?: number }): Promise<unknown>;
  /** Reads the raw body (bounded). */
  rawBody(): Promise<Buffer>;
}
/** A route: return `{ status?, body }` to answer JSON, or nothing when the handler wrote the response (SSE). */
export type RouteHandler = (c: RouteContext) => Promise<{ status?: number; body: unknown } | void>;

/** One entry of the route table. */
export interface RouteDef {
  /** An HTTP method, or `*` (the handler decides, answering 405 itself). */
  method: string;
  /** `/v1/call/{tool}`; a last `{name*}` takes the rest of the path, slashes included. */
  pattern: string;
  handler: RouteHandler;
  /** Served without the bearer token (webhooks: external callers). Matched on the normalised path, never a prefix. */
  public?: boolean;
}

interface Route extends RouteDef {
  re: RegExp;
  names: string[];
}

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  port: number;
  token: string;
  maxBodyBytes: number;
  log: KernelLog;
  routes: RouteDef[];
  /** Socket bounds (SPEC 10 defaults: headers 10 s, body 30 s, idle 5 s, 256 connections). */
  connections?: Partial<ConnectionLimits>;
}

/** Deepest JSON nesting a request body may have (far above the 64 levels SPEC 10 allows call args). */
export const MAX_JSON_DEPTH = 512;

/** Nesting depth of a JSON text, by one iterative scan (strings skipped), so absurd depth costs no stack. */
export function jsonDepth(b: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Compiles `/v1/call/{tool}` into a regex with named params. */
export function compilePattern(pattern: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const src = pattern
    .split("/")
    .map((seg) => {
      const m = /^\{([A-Za-z_][A-Za-z0-9_]*)(\*?)\}$/.exec(seg);
      if (m) {
        names.push(m[1]!);
        // A rest param is one or more non-empty segments (dot segments are already resolved by URL parsing).
        return m[2] ? "([^/]+(?:/[^/]+)*)" : "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { re: new RegExp(`^${src}$`), names };
}

/** A listening server. */
export interface HttpServerHandle {
  url: string;
  port: number;
  /** Sockets open right now (tests and the hostile suite watch it). */
  connections(): number;
  close(): Promise<void>;
}

/** Answers JSON; `close` asks the client to drop the connection (no keep-alive after errors that end it). */
function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}

/**
 * Starts an HTTP API on 127.0.0.1 serving a route table (bearer token, bounded bodies, JSON errors with stable
 * codes). It knows nothing of the kernel: routes.ts maps the SPEC table onto the Kernel API.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const routes: Route[] = opts.routes.map((r) => ({
    ...r,
    method: r.method.toUpperCase(),
    ...compilePattern(r.pattern),
  }));
  const tokenHash = createHash("sha256").update(opts.token).digest();

  const authOk = (h: string | undefined): boolean => {
    // The auth scheme name is case-insensitive (RFC 7235); the token itself is compared in constant time.
    const m = h ? /^bearer[ \t]+(\S+)\s*$/i.exec(h) : null;
    if (!m) return false;
    const got = createHash("sha256").update(m[1]!).digest();
    return timingSafeEqual(got, tokenHash);
  };

  const limits: ConnectionLimits = { ...HTTP_CONNECTION_DEFAULTS, ...(opts.connections ?? {}) };
  const server = createServer((req, res) => {
    // The body deadline can fire while a route awaits the body: it fails that read and answers 408 itself.
    let failBody: ((e: KernelError) => void) | undefined;
    const tracked = guard.track(req, res, () => {
      const err = requestTimeoutError("body", limits.bodyTimeoutMs);
      failBody?.(err);
      sendJson(res, 408, err.toJSON(), true);
    });
    if (tracked.refused) return;
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://127.0.0.1");
      } catch {
        sendJson(res, 400, new KernelError("BAD_REQUEST", "Malformed request URL.", "Send a valid path.").toJSON());
        req.resume();
        return;
      }
      // Public routes (webhooks) are matched on url.pathname, which WHATWG URL parsing has already resolved
      // ("/v1/ext/../health" is "/v1/health"), so no dot-segment trick reaches a token-protected route.
      const open = routes.some((r) => r.public === true && r.re.test(url.pathname));
      if (!open && !authOk(req.headers.authorization)) {
        // No keep-alive for a stranger: its body is drained unread and the socket closes once the 401 is out.
        req.resume();
        sendJson(
          res,
          401,
          new KernelError(
            "UNAUTHORIZED",
            "Missing or wrong bearer token.",
            "Send Authorization: Bearer <token> from .imperal/dev.json.",
            401,
          ).toJSON(),
          true,
        );
        return;
      }
      if (!open) tracked.trust(); // a webhook caller stays a stranger for the connection bounds
      const path = url.pathname;
      const method = (req.method ?? "GET").toUpperCase();
      let matched: { route: Route; params: Record<string, string> } | undefined;
      let pathKnown = false;
      for (const r of routes) {
        const m = r.re.exec(path);
        if (!m) continue;
        pathKnown = true;
        if (r.method !== method && r.method !== "*") continue;
        const params: Record<string, string> = {};
        try {
          r.names.forEach((n, i) => {
            params[n] = decodeURIComponent(m[i + 1]!);
          });
        } catch {
          params.__bad = "1";
        }
        matched = { route: r, params };
        break;
      }
      if (!matched) {
        req.resume();
        if (pathKnown)
          sendJson(
            res,
            405,
            new KernelError(
              "METHOD_NOT_ALLOWED",
              `${method} is not allowed on ${path}.`,
              "Check the route table in SPEC 4.",
              405,
            ).toJSON(),
          );
        else
          sendJson(
            res,
            404,
            new KernelError(
              "NOT_FOUND",
              `No route ${method} ${path}.`,
              "Check the route table in SPEC 4 (GET /v1/tools lists the callable surface).",
              404,
            ).toJSON(),
          );
        return;
      }
      if (matched.params.__bad) {
        req.resume();
        sendJson(
          res,
          400,
          new KernelError("BAD_REQUEST", "Malformed path parameter.", "URL-encode path parameters.").toJSON(),
        );
        return;
      }
      const actingRaw = req.headers["x-acting-user"];
      const acting = Array.isArray(actingRaw) ? actingRaw[0] : actingRaw;
      if (acting !== undefined && !isValidUserId(acting)) {
        req.resume();
        sendJson(
          res,
          400,
          new KernelError(
            "BAD_ACTING_USER",
            "X-Acting-User is not a valid user id.",
            `${USER_ID_RULE.charAt(0).toUpperCase()}${USER_ID_RULE.slice(1)}.`,
          ).toJSON(),
        );
        return;
      }
      let bodyP: Promise<Buffer> | undefined;
      const rawBody = (): Promise<Buffer> => {
        bodyP ??= new Promise<Buffer>((resolve, reject) => {
          failBody = reject;
          const declared = Number(req.headers["content-length"] ?? "0");
          if (Number.isFinite(declared) && declared > opts.maxBodyBytes) {
            reject(
              new KernelError(
                "BODY_TOO_LARGE",
                `Body is larger than ${opts.maxBodyBytes} bytes.`,
                "Send at most 1 MiB of JSON.",
                413,
              ),
            );
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          let failed = false;
          req.on("data", (c: Buffer) => {
            if (failed) return;
            size += c.length;
            if (size > opts.maxBodyBytes) {
              failed = true;
              reject(
                new KernelError(
                  "BODY_TOO_LARGE",
                  `Body is larger than ${opts.maxBodyBytes} bytes.`,
                  "Send at most 1 MiB of JSON.",
                  413,
                ),
              );
              return;
            }
            chunks.push(c);
          });
          req.on("end", () => {
            if (!failed) resolve(Buffer.concat(chunks));
          });
          req.on("error", (e) => {
            if (!failed) {
              failed = true;
              reject(new KernelError("BAD_REQUEST", `Request stream error: ${e.message}`, "Retry the request."));
            }
          });
          req.on("close", () => {
            // A socket closed mid-body (timeout, eviction, client gone) must not leave the route waiting forever.
            if (!failed && !req.complete) {
              failed = true;
              reject(new KernelError("BAD_REQUEST", "The request was closed before its body arrived.", "Retry."));
            }
          });
        });
        return bodyP;
      };
      const readJson = async (o: { maxDepth?: number } = {}): Promise<unknown> => {
        const b = await rawBody();
        if (b.length === 0) return undefined;
        const maxDepth = o.maxDepth ?? MAX_JSON_DEPTH;
        // Recursive code downstream (guards, schema checks, redaction) must never see absurd nesting; the
        // 64-level rule for call args is the dispatcher's (audited), this bound only keeps the kernel standing.
        if (maxDepth !== Infinity && jsonDepth(b) > maxDepth)
          throw new KernelError(
            "JSON_TOO_DEEP",
            `The request body nests deeper than ${maxDepth} levels.`,
            "Send flatter JSON (call args may nest at most 64 levels).",
            400,
          );
        try {
          return JSON.parse(b.toString("utf8"));
        } catch {
          throw new KernelError(
            "MALFORMED_JSON",
            "The request body is not valid JSON.",
            'Send a JSON object, e.g. {"args": {}}.',
            400,
          );
        }
      };
      try {
        const out = await matched.route.handler({
          req,
          res,
          params: matched.params,
          query: url.searchParams,
          actingUser: acting,
          readJson,
          rawBody,
        });
        if (out) sendJson(res, out.status ?? 200, out.body);
        if (!bodyP && !res.headersSent) req.resume();
      } catch (e) {
        if (e instanceof KernelError) {
          // A 413 ends the socket (its unread body): say so, or a keep-alive client reuses it and gets ECONNRESET.
          sendJson(res, e.status, e.toJSON(), e.status === 413);
          if (e.status === 413) {
            res.on("finish", () => req.destroy());
          }
        } else {
          opts.log("error", `HTTP ${method} ${path} failed: ${(e as Error)?.message}`, { stack: (e as Error)?.stack });
          sendJson(
            res,
            500,
            new KernelError(
              "INTERNAL_ERROR",
              "The kernel hit an internal error (details in the kernel log).",
              "See .imperal/state/kernel.log.",
              500,
            ).toJSON(),
          );
        }
        req.resume();
      }
    })();
  });
  // Built before listen, so it sees every socket; the request callback above only runs after this line.
  const guard = new ConnectionGuard(server, limits, opts.log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // After listening, an accept error (EMFILE under a descriptor flood) must be logged, never crash the kernel.
  let lastAcceptError = 0;
  server.on("error", (e) => {
    if (Date.now() - lastAcceptError < 10_000) return;
    lastAcceptError = Date.now();
    opts.log("warn", `HTTP server error: ${(e as Error).message}`);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => guard.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
