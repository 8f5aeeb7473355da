// The inspector's server side without a browser: the Host/Origin guard, asset headers, the users route, the opener.
import http from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../src/inspector/guard.js";
import { openerCommand } from "../src/inspector/open.js";
import { CSP, createInspector, inspectorUrl } from "../src/inspector/server.js";
import { readyLines, webhookUrls } from "../src/commands/dev.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as http.IncomingMessage;

describe("Host/Origin guard", () => {
  it("accepts 127.0.0.1:<port> and localhost:<port>, with no Origin or this origin", () => {
    expect(refusal(req({ host: "127.0.0.1:7777" }), 7777)).toBeUndefined();
    expect(refusal(req({ host: "LOCALHOST:7777", origin: "http://localhost:7777" }), 7777)).toBeUndefined();
    expect(refusal(req({ host: "localhost:7777", origin: "http://127.0.0.1:7777" }), 7777)).toBeUndefined();
  });
  it("refuses another host, another port, a missing Host, and a foreign or opaque Origin", () => {
    expect(refusal(req({ host: "evil.example:7777" }), 7777)?.code).toBe("FORBIDDEN_HOST");
    expect(refusal(req({ host: "127.0.0.1:7778" }), 7777)?.code).toBe("FORBIDDEN_HOST");
    expect(refusal(req({ host: "127.0.0.1" }), 7777)?.code).toBe("FORBIDDEN_HOST");
    expect(refusal(req({}), 7777)?.code).toBe("FORBIDDEN_HOST");
    for (const origin of ["http://evil.example", "null", "https://127.0.0.1:7777", "http://127.0.0.1:7778"])
      expect(refusal(req({ host: "127.0.0.1:7777", origin }), 7777)?.code).toBe("FORBIDDEN_ORIGIN");
  });
});

describe("inspector server", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    const assets = mkdtempSync(path.join(tmpdir(), "imperal-insp-assets-"));
    writeFileSync(path.join(assets, "index.html"), "<!doctype html><script type=module src=/app.js></script>");
    writeFileSync(path.join(assets, "app.js"), "export {};");
    const inspector = createInspector({
      token: () => "tok",
      users: () => [{ id: "dev" }, { id: "bob" }],
      assetsDir: assets,
    });
    server = http.createServer((rq, rs) => (inspector.handles(rq) ? inspector.serve(rq, rs) : rs.writeHead(299).end()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = (p: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: p, headers }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on("error", reject);
    });

  it("serves the page with the CSP and revalidates by ETag", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toBe(CSP);
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect((await get("/", { "if-none-match": String(page.headers.etag) })).status).toBe(304);
    expect((await get("/app.js")).headers["content-type"]).toMatch(/^text\/javascript/);
  });
  it("answers 404 NOT_BUILT for a missing asset, and leaves other routes to the front", async () => {
    const css = await get("/app.css");
    expect(css.status).toBe(404);
    expect(JSON.parse(css.body).error.code).toBe("NOT_BUILT");
    expect((await get("/v1/tools")).status).toBe(299);
  });
  it("refuses a forged Host on any route, API routes included", async () => {
    const r = await get("/v1/tools", { host: `evil.example:${port}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: "FORBIDDEN_HOST" } });
  });
  it("lists the configured users only to the session token", async () => {
    expect((await get("/v1/dev/users")).status).toBe(401);
    const ok = await get("/v1/dev/users", { authorization: "Bearer tok" });
    expect(JSON.parse(ok.body).users.map((u: { id: string }) => u.id)).toEqual(["dev", "bob"]);
  });
});

describe("inspector URL and opener", () => {
  it("puts the token in the fragment", () => {
    expect(inspectorUrl("http://127.0.0.1:7777", "a+b/c")).toBe("http://127.0.0.1:7777/#token=a%2Bb%2Fc");
  });
  it("imperal dev prints the Inspector line with the token in the fragment", () => {
    const info = {
      url: "http://127.0.0.1:7777",
      port: 7777,
      requestedPort: 7777,
      token: "tok",
      stateDir: "/x/.imperal/state",
    };
    const lines = readyLines({ dir: "/x", info, serving: true, users: undefined, interactive: false });
    expect(lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ""))).toContain(
      "  ➜ Inspector: http://127.0.0.1:7777/#token=tok",
    );
  });
  it("imperal dev prints each webhook's local URL (SPEC 7.5)", () => {
    const info = { url: "http://127.0.0.1:7777", port: 7777, requestedPort: 7777, token: "t", stateDir: "/x/s" };
    const build = {
      appId: "plat",
      platform: {
        webhooks: [
          { method: "POST", path: "inbox" },
          { method: "GET", path: "github/push" },
        ],
      },
    };
    const webhooks = webhookUrls(info.url, build);
    expect(webhooks).toEqual([
      { method: "POST", url: "http://127.0.0.1:7777/v1/ext/plat/webhook/inbox" },
      { method: "GET", url: "http://127.0.0.1:7777/v1/ext/plat/webhook/github/push" },
    ]);
    const lines = readyLines({ dir: "/x", info, serving: true, users: undefined, interactive: false, webhooks });
    const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ""));
    expect(plain).toContain("  ➜ webhook  POST  http://127.0.0.1:7777/v1/ext/plat/webhook/inbox");
    expect(plain).toContain("  ➜ webhook  GET   http://127.0.0.1:7777/v1/ext/plat/webhook/github/push");
    expect(webhookUrls(info.url, undefined)).toEqual([]);
  });
  it("uses the platform's opener", () => {
    expect(openerCommand("http://x/", "linux")).toEqual(["xdg-open", ["http://x/"]]);
    expect(openerCommand("http://x/", "darwin")).toEqual(["open", ["http://x/"]]);
    expect(openerCommand("http://x/#a&b", "win32")[1]).toEqual(["/c", "start", '""', "http://x/#a^&b"]);
  });
});
