// The inspector's one way to talk to `imperal dev`: bearer token from the URL fragment, X-Acting-User on every
// request, and the event stream read through fetch (EventSource cannot send headers).

/** The session token: taken from `#token=` once, then kept in sessionStorage and removed from the address bar. */
function takeToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem("imperal.token", fromHash);
    history.replaceState(null, "", location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem("imperal.token") ?? "";
}

export const token = takeToken();
let actingUser = sessionStorage.getItem("imperal.user") ?? "";

/** The user every request acts as. */
export function getUser(): string {
  return actingUser;
}
/** Switch the acting user (the event stream reconnects for them). */
export function setUser(id: string): void {
  actingUser = id;
  sessionStorage.setItem("imperal.user", id);
}

/** One answered request: status, parsed body, and how long it took. */
export interface Answer<T = any> {
  status: number;
  body: T;
  ms: number;
  request: { method: string; path: string; body?: unknown };
}

/** Call the dev front. `headers` adds e.g. `X-Imperal-Origin: panel`. */
export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const h: Record<string, string> = { authorization: `Bearer ${token}`, ...headers };
  if (actingUser) h["x-acting-user"] = actingUser;
  if (body !== undefined) h["content-type"] = "application/json";
  const t0 = performance.now();
  const res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, ms: performance.now() - t0, request: { method, path, body } };
}

/** One event of `/v1/events`, kernel events and dev-loop events alike: `{ type, ts, data }`. */
export interface StreamEvent {
  seq?: number;
  type: string;
  ts: string;
  userId?: string;
  data: Record<string, any>;
}

/** Normalise a frame: kernel events carry `data`, the front's own events are flat `{ type, ...fields }`. */
function normalise(raw: any): StreamEvent {
  if (raw && typeof raw.data === "object" && raw.data !== null && "type" in raw)
    return { seq: raw.seq, type: raw.type, ts: raw.ts ?? new Date().toISOString(), userId: raw.userId, data: raw.data };
  const { type, ...rest } = raw ?? {};
  return { type: String(type ?? "message"), ts: new Date().toISOString(), data: rest };
}

/** Follow `/v1/events` for the acting user, reconnecting after a drop; returns a stop function. */
export function followEvents(onEvent: (e: StreamEvent) => void, onState: (up: boolean) => void): () => void {
  let stopped = false;
  let ctrl: AbortController | undefined;
  const run = async () => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const h: Record<string, string> = { authorization: `Bearer ${token}`, accept: "text/event-stream" };
        if (actingUser) h["x-acting-user"] = actingUser;
        const res = await fetch("/v1/events", { headers: h, signal: ctrl.signal });
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut: number;
          while ((cut = buf.indexOf("\n\n")) >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const data = frame
              .split("\n")
              .filter((l) => l.startsWith("data:"))
              .map((l) => l.slice(5).trimStart())
              .join("\n");
            if (!data) continue;
            try {
              onEvent(normalise(JSON.parse(data)));
            } catch {
              /* a frame that is not JSON is not ours */
            }
          }
        }
      } catch {
        /* dropped or aborted: reconnect below */
      }
      onState(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 500));
    }
  };
  void run();
  return () => {
    stopped = true;
    ctrl?.abort();
  };
}
