/** Shape of a turn answered by the kernel (SPEC 4): loose on purpose, renderers check fields before use. */
export interface TurnObject {
  turn_id?: string;
  classification?: {
    intent?: string;
    confidence?: number;
    language?: string;
    plan?: Array<{ tool: string; args?: Record<string, unknown> }>;
    is_destructive?: boolean;
    is_acceptance?: boolean;
    [k: string]: unknown;
  } | null;
  outcome?: string;
  reply?: string;
  code?: string;
  reason?: string;
  results?: Array<Record<string, unknown>>;
  confirmation?: {
    id: string;
    calls?: Array<{ tool: string; args?: unknown }>;
    question?: string;
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}

/** An HTTP-level failure talking to the kernel (not a rejected turn, which is HTTP 200). */
export class KernelHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "KernelHttpError";
  }
}

/** The kernel could not be reached at all (connection refused, reset, DNS). */
export class KernelUnreachable extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`no kernel answering at ${url} (${(cause as Error)?.message ?? String(cause)})`);
    this.name = "KernelUnreachable";
  }
}

/** One server-sent event from `/v1/events`. */
export interface KernelEvent {
  type: string;
  data: unknown;
}

/** Thin typed client for the local kernel's HTTP API (SPEC 4), used by `imperal chat`, the REPL, tests and the demo. */
export class KernelClient {
  constructor(
    readonly url: string,
    readonly token: string,
    public user?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { authorization: `Bearer ${this.token}`, ...extra };
    if (this.user) h["x-acting-user"] = this.user;
    return h;
  }

  /** Send one request and parse the JSON answer; 4xx/5xx become KernelHttpError. */
  async request<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    opts: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const init: RequestInit = {
      method,
      headers: this.headers(body === undefined ? {} : { "content-type": "application/json" }),
      signal: opts.signal,
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    let res: Response;
    try {
      res = await fetch(this.url.replace(/\/$/, "") + route, init);
    } catch (err) {
      if ((err as Error)?.name === "AbortError") throw err;
      throw new KernelUnreachable(this.url, (err as { cause?: unknown })?.cause ?? err);
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } | string })?.error;
      const code = typeof e === "object" && e?.code ? e.code : `HTTP_${res.status}`;
      const msg =
        typeof e === "object" && e?.message
          ? e.message
          : typeof e === "string"
            ? e
            : `${method} ${route} -> HTTP ${res.status}`;
      throw new KernelHttpError(msg, res.status, code, json);
    }
    return json as T;
  }

  /** POST /v1/chat/turn */
  turn(message: string, opts: { signal?: AbortSignal } = {}): Promise<TurnObject> {
    return this.request("POST", "/v1/chat/turn", { message }, opts);
  }
  /** POST /v1/call/{tool} */
  call(tool: string, args: unknown = {}, opts: { signal?: AbortSignal } = {}): Promise<TurnObject> {
    return this.request("POST", `/v1/call/${encodeURIComponent(tool)}`, { args }, opts);
  }
  /** POST /v1/confirmations/{id}/accept (no body) */
  accept(id: string, opts: { signal?: AbortSignal } = {}): Promise<TurnObject> {
    return this.request("POST", `/v1/confirmations/${encodeURIComponent(id)}/accept`, undefined, opts);
  }
  /** POST /v1/confirmations/{id}/cancel (no body) */
  cancel(id: string): Promise<TurnObject> {
    return this.request("POST", `/v1/confirmations/${encodeURIComponent(id)}/cancel`);
  }
  /** GET /v1/tools */
  tools(): Promise<unknown> {
    return this.request("GET", "/v1/tools");
  }
  /** GET /v1/skeleton */
  skeleton(): Promise<unknown> {
    return this.request("GET", "/v1/skeleton");
  }
  /** POST /v1/skeleton/{section}/refresh */
  refreshSkeleton(section: string): Promise<unknown> {
    return this.request("POST", `/v1/skeleton/${encodeURIComponent(section)}/refresh`);
  }
  /** POST /v1/panels/{id} */
  panel(id: string, props: unknown = {}): Promise<unknown> {
    return this.request("POST", `/v1/panels/${encodeURIComponent(id)}`, { props });
  }
  /** GET /v1/audit?limit=N */
  audit(limit = 10): Promise<unknown> {
    return this.request("GET", `/v1/audit?limit=${limit}`);
  }
  /** GET /v1/health */
  health(): Promise<{
    ok: boolean;
    build?: { id?: string; loaded_at?: string; error?: unknown };
    uptime_s?: number;
    [k: string]: unknown;
  }> {
    return this.request("GET", "/v1/health");
  }

  /** Subscribe to `/v1/events`; resolves when the stream ends or `signal` aborts. */
  async events(onEvent: (ev: KernelEvent) => void, signal: AbortSignal): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url.replace(/\/$/, "") + "/v1/events", {
        headers: this.headers({ accept: "text/event-stream" }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) return;
      throw new KernelUnreachable(this.url, err);
    }
    if (!res.ok || !res.body)
      throw new KernelHttpError(`GET /v1/events -> HTTP ${res.status}`, res.status, `HTTP_${res.status}`);
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let idx: number;
        while ((idx = buf.search(/\r?\n\r?\n/)) >= 0) {
          const raw = buf.slice(0, idx);
          buf = buf.slice(idx).replace(/^\r?\n\r?\n/, "");
          const ev = parseSseEvent(raw);
          if (ev) onEvent(ev);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
  }
}

/** Parse one SSE block (`event:` / `data:` lines); comments and empty blocks give null. */
export function parseSseEvent(raw: string): KernelEvent | null {
  let type = "";
  const data: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (!line || line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  if (!type && data.length === 0) return null;
  const text = data.join("\n");
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* plain text data */
  }
  if (!type && parsed && typeof parsed === "object" && typeof (parsed as { type?: unknown }).type === "string")
    type = (parsed as { type: string }).type;
  return { type: type || "message", data: parsed };
}
