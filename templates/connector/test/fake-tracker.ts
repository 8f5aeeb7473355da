import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestHttpHandler } from "@imperal/sdk/testing";

/** A tiny in-memory issue tracker API on 127.0.0.1, for tests only. */
export interface FakeTracker {
  url: string;
  token: string;
  /** Every request the server received: "METHOD /path?query". */
  requests: string[];
  /** Answer the next N requests with 429. */
  rateLimitNext(n: number): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => resolve(data));
  });
}

/** Start the fake tracker on a free port of 127.0.0.1. */
export async function startFakeTracker(token = "test-token"): Promise<FakeTracker> {
  const issues = new Map<string, { id: number; title: string; body: string; state: "open" | "closed"; url: string }>();
  let nextId = 1;
  let limited = 0;
  const requests: string[] = [];
  const add = (title: string, body = "", state: "open" | "closed" = "open") => {
    const id = nextId++;
    issues.set(String(id), { id, title, body, state, url: `https://tracker.example.com/issues/${id}` });
  };
  add("Login page is slow", "Takes 8 s on mobile.");
  add("Typo on pricing page");
  add("Old bug", "", "closed");

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (limited > 0) {
      limited--;
      return send(429, { message: "slow down" }, { "retry-after": "30" });
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: "bad credentials" });
    const body = await readBody(req);
    const m = url.pathname.match(/^\/issues\/([^/]+)$/);
    if (req.method === "GET" && url.pathname === "/user") return send(200, { login: "octo" });
    if (req.method === "GET" && url.pathname === "/issues") {
      const state = url.searchParams.get("state") ?? "open";
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const list = [...issues.values()].filter(
        (i) => (state === "all" || i.state === state) && i.title.toLowerCase().includes(q),
      );
      return send(200, list.slice(0, Number(url.searchParams.get("per_page") ?? 30)));
    }
    if (req.method === "POST" && url.pathname === "/issues") {
      const { title, body: text } = JSON.parse(body) as { title: string; body: string };
      add(title, text);
      return send(201, issues.get(String(nextId - 1)));
    }
    if (m && (req.method === "GET" || req.method === "PATCH")) {
      const issue = issues.get(decodeURIComponent(m[1]!));
      if (!issue) return send(404, { message: "not found" });
      if (req.method === "PATCH") Object.assign(issue, JSON.parse(body));
      return send(200, issue);
    }
    if (url.pathname === "/boom") return send(500, { message: "internal" });
    send(404, { message: "no route" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    rateLimitNext: (n) => (limited = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A `ctx.http` handler for the testing kit that performs real HTTP with fetch. The kit's own ctx.http never touches
 * the network; this makes the connector's tests exercise real requests, headers and status codes.
 */
export const realHttp: TestHttpHandler = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(req.timeoutMs),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
};
