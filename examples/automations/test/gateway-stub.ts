// The platform gateway, faked: a real node:http server on 127.0.0.1 holding rules in memory, with the endpoints
// and envelopes of the original's internal API. Tests seed rules and roles, switch failures on, and read the log.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export const SERVICE_TOKEN = "svc-test-token-0001";

/** A rule as the fake gateway stores it. */
export type StubRule = Record<string, unknown> & { id: number; user_id: string; tenant_id: string };

/** One request the gateway received. */
export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** What a test can set and read. */
export interface GatewayState {
  rules: Map<number, StubRule>;
  /** Platform role per user id (`GET /v1/users/{uid}`); unknown users answer 404. */
  roles: Record<string, string>;
  /** When set, create answers 429 with this quota fact. */
  quota: { cap: number; used: number; plan: string; source: string } | null;
  /** `GET …/all` answers 500 while true. */
  failAll: boolean;
  /** Rule ids whose PATCH / DELETE answer 500. */
  failWrites: Set<number>;
  requests: StubRequest[];
  nextId: number;
}

/** Seeds one rule with sensible defaults (every counter 0, active, created 2026-01-10). */
export function seedRule(state: GatewayState, fields: Partial<StubRule> & { user_id: string }): StubRule {
  const id = (fields.id as number | undefined) ?? state.nextId;
  state.nextId = Math.max(state.nextId, id + 1); // a created rule never overwrites a seeded one
  const event = (fields.event_type as string | undefined) ?? "notes.created";
  const { event_type: _e, ...rest } = fields;
  const rule: StubRule = {
    id,
    tenant_id: "default",
    prompt: `When ${event}: rule ${id}`,
    trigger_filter: { event_type: event },
    actions: [{ message: `rule ${id}` }],
    interpretation: `rule ${id}`,
    cooldown_seconds: 60,
    notify_mode: "all",
    status: "active",
    trigger_count: 0,
    success_count: 0,
    fail_count: 0,
    last_error: null,
    last_triggered: null,
    created_at: "2026-01-10T09:00:00.000Z",
    ...rest,
  };
  state.rules.set(id, rule);
  return rule;
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : null;
}

function handle(state: GatewayState, req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const u = new URL(req.url ?? "/", "http://127.0.0.1");
  const query = Object.fromEntries(u.searchParams);
  state.requests.push({ method: req.method ?? "", path: u.pathname, query, body });
  if (req.headers.authorization !== `Bearer ${SERVICE_TOKEN}`)
    return reply(res, 401, { detail: "invalid service token" });
  const user = /^\/v1\/users\/([^/]+)$/.exec(u.pathname);
  if (req.method === "GET" && user) {
    const role = state.roles[decodeURIComponent(user[1]!)];
    return role ? reply(res, 200, { role }) : reply(res, 404, { detail: "user not found" });
  }
  if (req.method === "GET" && u.pathname === "/v1/automations/internal/all") {
    if (state.failAll) return reply(res, 500, { detail: "database unavailable" });
    const rules = [...state.rules.values()].filter((r) => r.tenant_id === query.tenant_id).sort((a, b) => a.id - b.id);
    return reply(res, 200, rules);
  }
  if (req.method === "POST" && u.pathname === "/v1/automations/internal/create") {
    if (state.quota)
      return reply(res, 429, { detail: { error_code: "AUTOMATION_QUOTA_EXCEEDED", quota: state.quota } });
    const b = body as Record<string, unknown>;
    const rule = seedRule(state, {
      ...(b as { user_id: string }),
      status: "active",
      created_at: new Date().toISOString(),
    });
    rule.trigger_filter = b.trigger_filter; // seedRule's default filter must not win over the sent one
    return reply(res, 201, rule);
  }
  const one = /^\/v1\/automations\/internal\/(\d+)$/.exec(u.pathname);
  if (one && (req.method === "PATCH" || req.method === "DELETE")) {
    const id = Number(one[1]);
    const rule = state.rules.get(id);
    if (!rule) return reply(res, 404, { detail: `Rule ${id} not found` });
    if (state.failWrites.has(id)) return reply(res, 500, { detail: `rule ${id} is locked by a running trigger` });
    if (req.method === "DELETE") {
      state.rules.delete(id);
      return reply(res, 204);
    }
    const patch = body as Record<string, unknown>;
    const tf = patch.trigger_filter as Record<string, unknown> | undefined;
    Object.assign(rule, patch, tf ? { trigger_filter: { ...(rule.trigger_filter as object), ...tf } } : {});
    return reply(res, 200, rule);
  }
  return reply(res, 404, { detail: `no route ${req.method} ${u.pathname}` });
}

/** Starts the fake gateway on 127.0.0.1 (any free port). */
export async function startGateway(): Promise<{ url: string; state: GatewayState; close(): Promise<void> }> {
  const state: GatewayState = {
    rules: new Map(),
    roles: {},
    quota: null,
    failAll: false,
    failWrites: new Set(),
    requests: [],
    nextId: 1,
  };
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => handle(state, req, res, body),
      () => reply(res, 400, { detail: "bad JSON" }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Empties the gateway between tests (same server, same port). */
export function resetGateway(state: GatewayState): void {
  state.rules.clear();
  state.roles = {};
  state.quota = null;
  state.failAll = false;
  state.failWrites.clear();
  state.requests.length = 0;
  state.nextId = 1;
}
