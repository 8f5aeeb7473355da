// Socket bounds of the HTTP API (SPEC 10): headers within 10 s, a body within 30 s of its headers, idle keep-alive
// sockets closed after 5 s, at most 256 connections. A socket that has not yet shown a valid token is "untrusted"
// and is the first to go when the kernel is full, so a flood of slow sockets cannot lock out a real client.
import { readFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { KernelError } from "../errors.js";
import type { KernelLog } from "../log.js";

/** Connection bounds of {@link ConnectionGuard}; every value is overridable for tests. */
export interface ConnectionLimits {
  /** Complete request headers must arrive within this long of the connection (or of the previous response). */
  headersTimeoutMs: number;
  /** A request body must arrive completely within this long of its headers. */
  bodyTimeoutMs: number;
  /** An idle keep-alive socket is closed after this long. */
  idleTimeoutMs: number;
  /** Most sockets open at once (further capped by the process's descriptor limit, see {@link fdConnectionCap}). */
  maxConnections: number;
}

/** The SPEC 10 values. */
export const HTTP_CONNECTION_DEFAULTS: Readonly<ConnectionLimits> = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
  maxConnections: 256,
};

/** node:http `clientError` codes we answer specially; anything else is a 400. */
const NODE_CLIENT_ERRORS: Record<string, "reset" | "headers" | "timeout"> = {
  ECONNRESET: "reset",
  HPE_HEADER_OVERFLOW: "headers",
  ERR_HTTP_REQUEST_TIMEOUT: "timeout",
};

/** How long a new socket is safe from eviction (capped at a quarter of the header bound). */
const EVICTION_GRACE_MS = 250;

/** How long a socket we hung up on may linger to flush its answer before it is destroyed. */
const LINGER_MS = 500;

/**
 * The most sockets this process can hold and still open its database, log and storage files: three quarters of
 * the soft descriptor limit, less 64 for the kernel itself (Linux `/proc/self/limits`; undefined elsewhere).
 */
export function fdConnectionCap(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/self/limits", "utf8");
    } catch {
      return undefined;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!m || m[1] === "unlimited") return undefined;
  const soft = Number(m[1]);
  return Math.max(8, Math.min(soft - 64, Math.floor(soft * 0.75)));
}

/** One raw HTTP/1.1 answer with the kernel's JSON error shape, for sockets that have no response object. */
export function rawErrorResponse(status: number, reason: string, err: KernelError): string {
  const body = JSON.stringify(err.toJSON());
  return (
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\n\r\n${body}`
  );
}

/** The 408 every timed-out socket gets. */
export function requestTimeoutError(what: string, ms: number): KernelError {
  return new KernelError(
    "REQUEST_TIMEOUT",
    `The request ${what} did not arrive within ${ms} ms; the connection is closed.`,
    "Send the whole request at once (headers within 10 s, the body within 30 s of them).",
    408,
  );
}

interface Conn {
  socket: Socket;
  /** Sent a valid bearer token on this socket: never evicted to make room. */
  trusted: boolean;
  /** Hung up on: no further request of this socket is served. */
  closing: boolean;
  timer: NodeJS.Timeout | undefined;
  admittedAt: number;
  /** Event-loop turn of the accept (see {@link ConnectionGuard.victim}). */
  admittedTick: number;
}

/** A request being served, as {@link ConnectionGuard.track} sees it. */
export interface TrackedRequest {
  /** The request carried a valid token: its socket is kept when the kernel is full. */
  trust(): void;
  /** True when the socket was hung up on (timeout) before this request could be served. */
  readonly refused: boolean;
}

/**
 * Enforces {@link ConnectionLimits} on a node:http server: counts sockets, evicts the oldest untrusted one (or
 * refuses the newcomer) when full, and runs one deadline per socket — headers, then body, then idle until the
 * next keep-alive request. Node's own header/request/keep-alive timeouts stay on as a backstop, slightly later.
 */
export class ConnectionGuard {
  private readonly conns = new Map<Socket, Conn>(); // insertion order = age
  private readonly max: number;
  private lastRefusalLog = 0;
  private tick = 0;
  private tickPending = false;

  constructor(
    server: Server,
    private readonly limits: ConnectionLimits,
    private readonly log: KernelLog,
  ) {
    this.max = Math.min(limits.maxConnections, fdConnectionCap() ?? Infinity);
    // node advertises `Keep-Alive: timeout=<keepAliveTimeout s>` and closes 1 s after it; our own idle timer closes
    // at the bound, so advertise a second less: clients stop reusing a socket before the kernel drops it.
    server.keepAliveTimeout = limits.idleTimeoutMs > 1_000 ? limits.idleTimeoutMs - 1_000 : limits.idleTimeoutMs;
    server.headersTimeout = limits.headersTimeoutMs + 1_000;
    server.requestTimeout = limits.headersTimeoutMs + limits.bodyTimeoutMs + 2_000;
    server.on("connection", (s: Socket) => this.admit(s));
    server.on("clientError", (err: NodeJS.ErrnoException, s: Socket) => this.clientError(err, s));
  }

  /** A request node:http could not parse (or its backstop timeout): one JSON answer, then the socket is closed. */
  private clientError(err: NodeJS.ErrnoException, socket: Socket): void {
    const c = this.conns.get(socket);
    const busy = (socket as Socket & { _httpMessage?: unknown })._httpMessage !== undefined;
    // node's errno-style codes (not ours): a reset peer, an oversized header block, node's backstop timeout.
    const kind = err.code === undefined ? "other" : (NODE_CLIENT_ERRORS[err.code] ?? "other");
    if (kind === "reset" || !socket.writable || busy) {
      if (c) this.drop(c);
      else socket.destroy();
      return;
    }
    let raw: string;
    if (kind === "headers") {
      const e = new KernelError(
        "HEADERS_TOO_LARGE",
        "The request headers are too large.",
        "Send at most 16 KiB of headers.",
        431,
      );
      raw = rawErrorResponse(431, "Request Header Fields Too Large", e);
    } else if (kind === "timeout") {
      raw = rawErrorResponse(408, "Request Timeout", requestTimeoutError("headers", this.limits.headersTimeoutMs));
    } else {
      const e = new KernelError("BAD_REQUEST", "Malformed HTTP request.", "Send a well-formed HTTP/1.1 request.");
      raw = rawErrorResponse(400, "Bad Request", e);
    }
    if (c) this.hangUp(c, raw);
    else socket.end(raw);
  }

  /** Sockets currently open. */
  get size(): number {
    return this.conns.size;
  }
  /** The effective connection cap (SPEC value, or lower under a small descriptor limit). */
  get capacity(): number {
    return this.max;
  }

  private admit(socket: Socket): void {
    this.countTick();
    if (this.conns.size >= this.max) {
      const victim = this.victim();
      this.noteRefusal();
      if (!victim) {
        socket.destroy(); // full of authenticated (or just-arrived) sockets: the newcomer is refused at once
        return;
      }
      this.drop(victim);
    }
    const conn: Conn = {
      socket,
      trusted: false,
      closing: false,
      timer: undefined,
      admittedAt: Date.now(),
      admittedTick: this.tick,
    };
    this.conns.set(socket, conn);
    socket.on("close", () => this.drop(conn));
    this.armHeaders(conn);
  }

  /** Counts event-loop turns that accepted sockets: a socket two turns old has had a read cycle to speak. */
  private countTick(): void {
    if (this.tickPending) return;
    this.tickPending = true;
    setImmediate(() => {
      this.tick++;
      this.tickPending = false;
    });
  }

  /**
   * Which socket makes room, oldest first and never a trusted one in use: one already hung up on; else a stranger
   * that has had a read cycle and sent nothing (a silent flood socket); else a stranger past the newcomer grace
   * that still has not shown a token (a slow talker). Sockets that just arrived are spared — in a burst they look
   * alike, and a real client among them sends its request right away.
   */
  private victim(): Conn | undefined {
    const now = Date.now();
    const grace = Math.min(EVICTION_GRACE_MS, this.limits.headersTimeoutMs / 4);
    let slow: Conn | undefined;
    for (const c of this.conns.values()) {
      if (c.closing) return c; // already hung up on, only lingering to flush its answer
      if (c.trusted) continue;
      if (c.socket.bytesRead === 0 && this.tick - c.admittedTick >= 2) return c;
      if (!slow && now - c.admittedAt >= grace) slow = c;
    }
    return slow;
  }

  private noteRefusal(): void {
    const now = Date.now();
    if (now - this.lastRefusalLog < 10_000) return;
    this.lastRefusalLog = now;
    this.log("warn", `HTTP connection limit (${this.max}) reached: evicting untrusted sockets / refusing new ones`);
  }

  private drop(c: Conn): void {
    clearTimeout(c.timer);
    this.conns.delete(c.socket);
    c.socket.destroy();
  }

  private arm(c: Conn, ms: number, onExpire: () => void): void {
    clearTimeout(c.timer);
    c.timer = setTimeout(onExpire, ms);
    c.timer.unref();
  }

  /** Headers of a new socket's first request must arrive in time; expiry answers 408 on the bare socket. */
  private armHeaders(c: Conn): void {
    this.arm(c, this.limits.headersTimeoutMs, () => {
      const err = requestTimeoutError("headers", this.limits.headersTimeoutMs);
      this.hangUp(c, rawErrorResponse(408, "Request Timeout", err));
    });
  }

  /** Ends a socket (after an optional raw answer) and destroys it if it has not closed after a short linger. */
  private hangUp(c: Conn, raw?: string): void {
    if (c.closing) return;
    c.closing = true;
    clearTimeout(c.timer);
    const s = c.socket;
    if (s.destroyed) return;
    s.on("data", () => {}); // keep draining so the close is a FIN, not a reset that eats the answer
    if (raw && s.writable) s.end(raw);
    else s.end();
    setTimeout(() => this.drop(c), LINGER_MS).unref();
  }

  /**
   * Starts the body deadline of a request (when it has a body) and the idle deadline once both the body and the
   * response are done. `onBodyTimeout` answers the 408 (it owns the response).
   */
  track(req: IncomingMessage, res: ServerResponse, onBodyTimeout: () => void): TrackedRequest {
    const c = this.conns.get(req.socket);
    if (!c || c.closing) {
      req.socket.destroy();
      return { trust() {}, refused: true };
    }
    clearTimeout(c.timer);
    c.timer = undefined;
    const te = req.headers["transfer-encoding"];
    const cl = Number(req.headers["content-length"] ?? "0");
    let bodyDone = te === undefined && !(cl > 0);
    let resDone = false;
    // Between requests the socket is idle: the next request must be in within the idle bound, or it is closed
    // silently (an unsolicited 408 could be read as the answer to a request the client just sent).
    const next = () => {
      if (bodyDone && resDone && !c.closing && !req.socket.destroyed)
        this.arm(c, this.limits.idleTimeoutMs, () => this.hangUp(c));
    };
    if (!bodyDone) {
      this.arm(c, this.limits.bodyTimeoutMs, () => {
        onBodyTimeout();
        if (res.writableFinished || res.destroyed) this.hangUp(c);
        else res.once("finish", () => this.hangUp(c));
        setTimeout(() => this.hangUp(c), LINGER_MS).unref(); // a response that never finishes is cut anyway
      });
      req.once("end", () => {
        bodyDone = true;
        clearTimeout(c.timer);
        next();
      });
    }
    res.once("finish", () => {
      resDone = true;
      next();
    });
    return {
      trust: () => {
        c.trusted = true;
      },
      refused: false,
    };
  }
}
