import http from "node:http";
import { EventEmitter } from "node:events";
import type { DevFrontHttpCode } from "../errors.js";

/**
 * A gate that holds work while a rebuild is under way (Wrangler's "pause/play" proxy idea):
 * `close()` when a rebuild starts, `open()` when the new build serves (or the rebuild failed).
 */
export class Gate {
  private closedAt: number | null = null;
  private waiters: Array<() => void> = [];

  /** True while a rebuild holds requests. */
  get closed(): boolean {
    return this.closedAt !== null;
  }
  /** Start holding new work. */
  close(): void {
    this.closedAt ??= Date.now();
  }
  /** Release everything that waited. */
  open(): void {
    this.closedAt = null;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
  /** Resolve when the gate is open, or after `timeoutMs` (then the current build answers). */
  wait(timeoutMs = 30_000): Promise<void> {
    if (this.closedAt === null) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, timeoutMs);
      t.unref?.();
      const self = this;
      function done() {
        clearTimeout(t);
        self.waiters = self.waiters.filter((x) => x !== done);
        resolve();
      }
      this.waiters.push(done);
    });
  }
}

/** A dev-loop event (build started/failed/succeeded) merged into `/v1/events`. */
export interface FrontEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Broadcasts dev-loop events to SSE clients of the front. */
export class EventHub extends EventEmitter {
  /** Publish one event to every subscriber. */
  publish(type: string, data: Record<string, unknown>): void {
    this.emit("event", { type, data } satisfies FrontEvent);
  }
}

/** What the front needs from the dev session. */
export interface FrontOptions {
  host: string;
  port: number;
  gate: Gate;
  hub: EventHub;
  /** Current kernel base URL (`http://127.0.0.1:<port>`), or undefined while no build has ever loaded. */
  upstream(): string | undefined;
  /** Current kernel token: the front answers its own routes (events fallback, 503) only to this token. */
  token(): string | undefined;
  /** Extra health fields: the last rebuild error (file:line) and whether a rebuild is running. */
  devStatus(): {
    building: boolean;
    error?: unknown;
    build_id?: string;
    rebuilt_at?: string;
    /** Background findings about the serving build: `{ generation, typecheck, validation }`. */
    checks?: { generation: number; typecheck: unknown; validation: unknown };
  };
  holdTimeoutMs?: number;
  /** Largest request body forwarded (the kernel's limit, SPEC 4: 1 MiB); larger ones are answered 413 here. */
  maxBodyBytes?: number;
  /** The inspector (web UI, Host/Origin guard): it answers the requests it claims before anything is proxied. */
  inspector?: {
    handles(req: http.IncomingMessage): boolean;
    serve(req: http.IncomingMessage, res: http.ServerResponse): void;
  };
}

/** A listening front. */
export interface Front {
  server: http.Server;
  port: number;
  url: string;
  /** The kernel became available (first good build): end the front's own event streams so clients reconnect through it. */
  upstreamChanged(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
]);

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answer with the kernel's error shape, `{ error: { code, message, fix? } }`, so clients need not tell us apart. */
function sendError(
  res: http.ServerResponse,
  status: number,
  code: DevFrontHttpCode,
  message: string,
  fix?: string,
): void {
  sendJson(res, status, { error: { code, message, ...(fix !== undefined ? { fix } : {}) } });
}

/** True while a response can still take writes (not ended by us, not closed by the client). */
function writable(res: http.ServerResponse): boolean {
  return !res.writableEnded && !res.destroyed;
}

function authorized(req: http.IncomingMessage, token: string | undefined): boolean {
  return !!token && req.headers.authorization === `Bearer ${token}`;
}

function sseFrame(ev: FrontEvent): string {
  return `event: ${ev.type}\ndata: ${JSON.stringify({ type: ev.type, ...ev.data })}\n\n`;
}

/**
 * Start the stable front on the user-facing port. It forwards every request to the current kernel, holds requests
 * while a rebuild runs (they are then answered by the new build), adds the last rebuild error to `/v1/health`, and
 * merges dev-loop events into `/v1/events`.
 */
export async function startFront(opts: FrontOptions): Promise<Front> {
  const hold = opts.holdTimeoutMs ?? 30_000;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sseClients = new Set<http.ServerResponse>();
  /** Event streams the front serves itself (no kernel yet): they carry no kernel events, so they end once one boots. */
  const ownClients = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    if (opts.inspector?.handles(req)) return opts.inspector.serve(req, res);
    const url = new URL(req.url ?? "/", "http://front");
    const route = url.pathname;
    if (req.method === "GET" && route === "/v1/events") return void handleEvents(req, res);
    if (req.method === "GET" && route === "/v1/health") return void handleHealth(req, res);
    // A body over the limit is refused here, whole: forwarding it would have the kernel hang up mid-upload, and the
    // client would see EPIPE or a 502 instead of the 413 the kernel means.
    if (Number(req.headers["content-length"] ?? 0) > maxBody) return tooLarge(req, res);
    let gone = false;
    res.once("close", () => (gone = true));
    void (async () => {
      await opts.gate.wait(hold);
      if (gone) return; // the client gave up while the rebuild held its request: do not run it afterwards
      proxy(req, res);
    })();
  });
  server.keepAliveTimeout = 5_000;

  function proxy(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    onJson?: (status: number, body: unknown) => unknown,
  ): void {
    const up = opts.upstream();
    if (!up) {
      req.resume();
      if (!authorized(req, opts.token())) {
        return sendError(
          res,
          401,
          "UNAUTHORIZED",
          "missing or wrong bearer token",
          "send Authorization: Bearer <token> from .imperal/dev.json",
        );
      }
      const err = opts.devStatus().error as { text?: string } | undefined;
      return sendError(
        res,
        503,
        "NO_BUILD",
        `no build of the extension has loaded yet${err?.text ? `: ${err.text}` : ""}`,
        "fix the error shown in the terminal; the build reloads on save",
      );
    }
    const target = new URL(req.url ?? "/", up);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    headers.host = target.host;
    const upReq = http.request(
      {
        agent,
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname + target.search,
        headers,
      },
      (upRes) => {
        if (onJson && (upRes.statusCode ?? 500) < 300) {
          const chunks: Buffer[] = [];
          upRes.on("data", (c: Buffer) => chunks.push(c));
          upRes.on("end", () => {
            let body: unknown;
            try {
              body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch {
              body = undefined;
            }
            sendJson(res, upRes.statusCode ?? 200, body === undefined ? {} : onJson(upRes.statusCode ?? 200, body));
          });
          return;
        }
        const outHeaders: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) outHeaders[k] = v;
        res.writeHead(upRes.statusCode ?? 502, outHeaders);
        upRes.pipe(res);
      },
    );
    let sent = 0;
    let refused = false;
    req.on("data", (c: Buffer) => {
      sent += c.length;
      if (sent > maxBody && !refused) {
        refused = true; // a chunked body went over the limit: stop forwarding, answer 413 ourselves
        req.unpipe(upReq);
        upReq.destroy();
        tooLarge(req, res);
      }
    });
    upReq.on("error", (err) => {
      const fix = "check the `imperal dev` terminal for a crash";
      if (refused) return;
      if (sent > maxBody && !res.headersSent) {
        refused = true; // the kernel hung up on an oversized body before we counted it
        return tooLarge(req, res);
      }
      if (!res.headersSent)
        sendError(res, 502, "KERNEL_UNREACHABLE", `the local kernel did not answer: ${err.message}`, fix);
      else res.destroy(err);
    });
    res.on("close", () => {
      if (!res.writableFinished) upReq.destroy();
    });
    req.pipe(upReq);
  }

  /** 413 with the kernel's error shape; the rest of the body is read and dropped so the client gets to read it. */
  function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    let drained = 0;
    req.on("data", (c: Buffer) => {
      drained += c.length;
      if (drained > 64 * maxBody) req.destroy(); // not a client that will ever read the answer
    });
    if (res.headersSent) return void res.destroy();
    res.setHeader("connection", "close");
    sendError(
      res,
      413,
      "BODY_TOO_LARGE",
      `the request body is larger than ${maxBody} bytes`,
      "send a smaller body (JSON bodies are limited to 1 MiB)",
    );
  }

  function handleHealth(req: http.IncomingMessage, res: http.ServerResponse): void {
    const status = opts.devStatus();
    const merge = (_s: number, body: unknown) => {
      const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
      const build = { ...((b.build as Record<string, unknown>) ?? {}) };
      if (status.error) build.error = status.error;
      if (status.checks) {
        // a serving build with type errors or validator errors still serves in dev, flagged here
        build.typecheck = status.checks.typecheck;
        build.validation = status.checks.validation;
        build.checked_generation = status.checks.generation;
      }
      return { ...b, build, dev: { building: status.building, rebuilt_at: status.rebuilt_at ?? null } };
    };
    if (!opts.upstream()) {
      req.resume();
      if (!authorized(req, opts.token()) && opts.token())
        return sendError(res, 401, "UNAUTHORIZED", "missing or wrong bearer token");
      return sendJson(res, 200, {
        ok: false,
        build: { id: null, loaded_at: null, error: status.error ?? null },
        dev: { building: status.building },
      });
    }
    proxy(req, res, merge);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    const up = opts.upstream();
    // A stream the front ended (the kernel booted: upstreamChanged) stays a subscriber until its socket closes;
    // writing to it then would raise ERR_STREAM_WRITE_AFTER_END on the response and crash the dev process.
    res.on("error", () => undefined);
    const attach = (write: (s: string) => void) => {
      const onEv = (ev: FrontEvent) => {
        if (writable(res)) write(sseFrame(ev));
      };
      opts.hub.on("event", onEv);
      sseClients.add(res);
      const detach = () => {
        opts.hub.off("event", onEv);
        sseClients.delete(res);
      };
      res.on("close", detach);
      res.on("finish", detach);
    };
    const ownStream = () => {
      if (!authorized(req, opts.token())) return sendError(res, 401, "UNAUTHORIZED", "missing or wrong bearer token");
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(": imperal dev front\n\n");
      attach((s) => res.write(s));
      if (!opts.upstream()) {
        ownClients.add(res);
        res.on("close", () => ownClients.delete(res));
      }
      const ping = setInterval(() => writable(res) && res.write(": ping\n\n"), 15_000);
      ping.unref();
      res.on("close", () => clearInterval(ping));
    };
    if (!up) return ownStream();
    const target = new URL("/v1/events" + (req.url?.includes("?") ? req.url.slice(req.url.indexOf("?")) : ""), up);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    headers.host = target.host;
    const upReq = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: "GET", headers },
      (upRes) => {
        if (upRes.statusCode === 404) {
          upRes.resume();
          return ownStream();
        }
        if (upRes.statusCode !== 200) {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          return void upRes.pipe(res);
        }
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        // Interleave whole events only: our frames go out between upstream frames, never inside one.
        let partial = "";
        const queue: string[] = [];
        const flush = () => {
          if (partial === "" && queue.length && writable(res)) res.write(queue.splice(0).join(""));
        };
        attach((s) => {
          queue.push(s);
          flush();
        });
        upRes.setEncoding("utf8");
        upRes.on("data", (chunk: string) => {
          partial += chunk;
          const cut = partial.lastIndexOf("\n\n");
          if (cut >= 0) {
            if (writable(res)) res.write(partial.slice(0, cut + 2));
            partial = partial.slice(cut + 2);
          }
          flush();
        });
        upRes.on("end", () => res.end());
        upRes.on("error", () => res.end());
      },
    );
    upReq.on("error", () => ownStream());
    res.on("close", () => upReq.destroy());
    upReq.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: opts.port, host: opts.host, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    url: `http://${opts.host}:${port}`,
    upstreamChanged() {
      for (const r of [...ownClients]) if (writable(r)) r.end();
      ownClients.clear();
    },
    async close() {
      for (const r of sseClients) if (writable(r)) r.end();
      agent.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
