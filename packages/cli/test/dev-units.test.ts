import { describe, it, expect, afterEach } from "vitest";
import {
  mkdtempSync,
  mkdirSync,
  writeFileSync,
  statSync,
  existsSync,
  rmSync,
  readFileSync,
  renameSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import net from "node:net";
import { writeDiscovery, readDiscovery, removeDiscovery, findDiscovery, discoveryPath } from "../src/dev/discovery.js";
import { pickPort, portIsFree } from "../src/dev/port.js";
import { isIgnoredPath, watchSource } from "../src/dev/watcher.js";
import { Gate, EventHub, startFront, type Front } from "../src/dev/front.js";
import { parseUserFlag } from "../src/dev/kernel.js";
import { KernelClient } from "../src/chat/client.js";

const tmp = () => mkdtempSync(path.join(tmpdir(), "imperal-dev-"));
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe("discovery file", () => {
  it("is written with mode 0600, read back, and removed only by its owner", () => {
    const dir = tmp();
    const file = writeDiscovery(dir, { url: "http://127.0.0.1:1", port: 1, token: "t", pid: process.pid, dir });
    expect(file).toBe(discoveryPath(dir));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readDiscovery(file)).toMatchObject({ port: 1, token: "t", pid: process.pid, version: 1 });
    removeDiscovery(dir, process.pid + 1); // someone else: kept
    expect(existsSync(file)).toBe(true);
    removeDiscovery(dir);
    expect(existsSync(file)).toBe(false);
  });

  it("is found from a subdirectory, and a dead pid is reported stale", () => {
    const dir = tmp();
    const sub = path.join(dir, "src", "deep");
    mkdirSync(sub, { recursive: true });
    writeDiscovery(dir, { url: "http://127.0.0.1:2", port: 2, token: "x", pid: process.pid, dir });
    expect(findDiscovery(sub)).toMatchObject({ stale: false, info: { port: 2 } });
    writeDiscovery(dir, { url: "http://127.0.0.1:2", port: 2, token: "x", pid: 2 ** 22 + 12345, dir });
    expect(findDiscovery(sub)?.stale).toBe(true);
    rmSync(path.join(dir, ".imperal"), { recursive: true });
    expect(findDiscovery(sub)).toBeNull();
  });
});

describe("port selection", () => {
  it("takes the next free port when the preferred one is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    cleanup.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const taken = (blocker.address() as net.AddressInfo).port;
    expect(await portIsFree(taken)).toBe(false);
    const p = await pickPort(taken);
    expect(p).toBeGreaterThan(taken);
    expect(await portIsFree(p)).toBe(true);
    expect(await pickPort(0)).toBe(0);
  });
});

describe("--user flag", () => {
  it("parses id and scopes", () => {
    expect(parseUserFlag("alice")).toEqual({ id: "alice" });
    expect(parseUserFlag("alice:notes:read,notes:write")).toEqual({
      id: "alice",
      scopes: ["notes:read", "notes:write"],
    });
    expect(parseUserFlag("bob:")).toEqual({ id: "bob", scopes: [] });
    expect(() => parseUserFlag("bad user")).toThrow(/invalid user id/);
  });
});

describe("watcher", () => {
  it("ignores build output, state, dependencies and the generated manifest", () => {
    const r = "/x";
    for (const p of [
      "/x/dist/extension.mjs",
      "/x/.imperal/state/db.sqlite",
      "/x/node_modules/a/index.js",
      "/x/imperal.json",
      "/x/src/.index.ts.swp",
      "/y/src/a.ts",
    ]) {
      expect(isIgnoredPath(r, p, true), p).toBe(true);
    }
    for (const p of ["/x/src/index.ts", "/x/icon.svg", "/x/package.json", "/x/src/lib/util.ts"])
      expect(isIgnoredPath(r, p, true), p).toBe(false);
    expect(isIgnoredPath(r, "/x/src", false)).toBe(false);
  });

  it("debounces a burst of writes into one change and ignores dist/", async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, "src"));
    mkdirSync(path.join(dir, "dist"));
    writeFileSync(path.join(dir, "src", "index.ts"), "export {}\n");
    const batches: string[][] = [];
    const w = watchSource(dir, (f) => batches.push(f), { debounceMs: 40, stabilityMs: 20 });
    cleanup.push(() => w.close());
    await w.ready;
    writeFileSync(path.join(dir, "dist", "extension.mjs"), "x");
    writeFileSync(path.join(dir, "imperal.json"), "{}");
    for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, "src", "index.ts"), `export const a = ${i};\n`);
    writeFileSync(path.join(dir, "src", "other.ts"), "export {}\n");
    const deadline = Date.now() + 3000;
    while (batches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    expect(batches.length).toBe(1);
    expect(batches[0]!.sort()).toEqual(["src/index.ts", "src/other.ts"]);
  });
  it("never reports a half-written file: a slow multi-chunk write and an editor's atomic save each fire once, complete", async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, "src"));
    const file = path.join(dir, "src", "index.ts");
    writeFileSync(file, "export {}\n");
    const seen: string[] = [];
    const w = watchSource(dir, () => seen.push(readFileSync(file, "utf8")));
    cleanup.push(() => w.close());
    await w.ready;
    // slow writer: 6 chunks, 8 ms apart (below the 20 ms stability window), each one a partial file on disk
    const full = Array.from({ length: 6 }, (_, i) => `export const part${i} = "${"x".repeat(2000)}";\n`);
    const fd = openSync(file, "w");
    for (const chunk of full) {
      writeSync(fd, chunk);
      await new Promise((r) => setTimeout(r, 8));
    }
    closeSync(fd);
    for (const deadline = Date.now() + 3000; seen.length === 0 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([full.join("")]);
    // atomic save (vim/VS Code style): write a temp file, rename it over the source
    const tmpFile = path.join(dir, "src", ".index.ts.tmp");
    writeFileSync(tmpFile, "export const saved = 1;\n");
    renameSync(tmpFile, file);
    for (const deadline = Date.now() + 3000; seen.length === 1 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.slice(1)).toEqual(["export const saved = 1;\n"]);
  });
});

function upstreamServer(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  return new Promise((r) =>
    server.listen(0, "127.0.0.1", () =>
      r({ url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, server }),
    ),
  );
}

describe("front", () => {
  async function setup(gen: { n: number }, error?: () => unknown) {
    const up = await upstreamServer((req, res) => {
      if (req.url === "/v1/health") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ ok: true, build: { id: `b${gen.n}`, loaded_at: "now" }, uptime_s: 1 }));
      }
      if (req.url === "/v1/events") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write('event: turn\ndata: {"seq":1,"type":"turn","ts":"t","data":{"turn_id":"t1"}}\n\n');
        return;
      }
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            gen: gen.n,
            auth: req.headers.authorization ?? null,
            user: req.headers["x-acting-user"] ?? null,
            body: body ? JSON.parse(body) : null,
          }),
        );
      });
    });
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          up.server.closeAllConnections();
          up.server.close(() => r());
        }),
    );
    const gate = new Gate();
    const hub = new EventHub();
    const front: Front = await startFront({
      host: "127.0.0.1",
      port: 0,
      gate,
      hub,
      upstream: () => up.url,
      token: () => "tok",
      devStatus: () => ({ building: gate.closed, error: error?.() }),
    });
    cleanup.push(() => front.close());
    return { gate, hub, front };
  }

  it("forwards requests with headers and body", async () => {
    const { front } = await setup({ n: 1 });
    const c = new KernelClient(front.url, "tok", "alice");
    const r = (await c.request("POST", "/v1/call/x", { args: { a: 1 } })) as Record<string, unknown>;
    expect(r).toEqual({ gen: 1, auth: "Bearer tok", user: "alice", body: { args: { a: 1 } } });
  });

  it("holds requests while the gate is closed; they are answered by the new build", async () => {
    const gen = { n: 1 };
    const { front, gate } = await setup(gen);
    const c = new KernelClient(front.url, "tok");
    gate.close();
    const pending = c.request("POST", "/v1/call/x", { args: {} });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    gen.n = 2;
    gate.open();
    expect(((await pending) as { gen: number }).gen).toBe(2);
  });

  it("drops a held request whose client gave up before the rebuild finished", async () => {
    const gen = { n: 1 };
    let hits = 0;
    const up = await upstreamServer((req, res) => {
      hits++;
      req.resume();
      res.end("{}");
    });
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          up.server.closeAllConnections();
          up.server.close(() => r());
        }),
    );
    const gate = new Gate();
    const front = await startFront({
      host: "127.0.0.1",
      port: 0,
      gate,
      hub: new EventHub(),
      upstream: () => up.url,
      token: () => "tok",
      devStatus: () => ({ building: gate.closed }),
    });
    cleanup.push(() => front.close());
    gate.close();
    const ac = new AbortController();
    const p = new KernelClient(front.url, "tok")
      .request("POST", "/v1/call/x", { args: {} }, { signal: ac.signal })
      .catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    expect(await p).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 50));
    gen.n = 2;
    gate.open();
    await new Promise((r) => setTimeout(r, 100));
    expect(hits).toBe(0);
  });

  it("adds the last rebuild error to /v1/health", async () => {
    let err: unknown = { code: "E_BUILD_COMPILE", text: "src/index.ts:3:1 error: boom", file: "src/index.ts", line: 3 };
    const { front } = await setup({ n: 1 }, () => err);
    const c = new KernelClient(front.url, "tok");
    const h = await c.health();
    expect(h.ok).toBe(true);
    expect(h.build).toMatchObject({ id: "b1", error: { file: "src/index.ts", line: 3 } });
    err = undefined;
    expect((await c.health()).build?.error).toBeUndefined();
  });

  it("merges dev-loop events into the kernel's event stream", async () => {
    const { front, hub } = await setup({ n: 1 });
    const c = new KernelClient(front.url, "tok");
    const ac = new AbortController();
    const seen: string[] = [];
    const done = c.events((e) => {
      seen.push(e.type);
      if (seen.length === 1) hub.publish("build_error", { error: { text: "x" } });
      if (seen.length >= 2) ac.abort();
    }, ac.signal);
    await done;
    expect(seen).toEqual(["turn", "build_error"]);
  });
});
