// SPEC 10 socket bounds over real HTTP: slow headers and slow bodies get 408 and are closed, idle keep-alive
// sockets close, a full kernel refuses newcomers without starving authenticated work, and a flood of slow sockets
// against a kernel with a low descriptor limit never stops a real health check or a storage write.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildFixture, cleanup, loadKernel, req } from "./helpers.js";
import { rawConnect, rawStatus, startChildKernel, type RawConn } from "./net-helpers.js";

const { createKernel } = await loadKernel();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEADERS_MS = 1_200;
const BODY_MS = 1_200;
const IDLE_MS = 800;
/** Scheduling slack on a shared 2-core machine. */
const SLACK_MS = 1_500;

let dir: string;
beforeAll(async () => {
  dir = await buildFixture("notes.ts");
});
afterAll(() => cleanup(dir));

describe("slow sockets against a kernel with 256 descriptors", () => {
  it("300 slow sockets are answered 401/408 and closed in time; health and a storage write still succeed", async () => {
    const k = await startChildKernel(
      {
        extensionDir: dir,
        stateDir: `${dir}/state-flood`,
        limits: { httpHeadersTimeoutMs: HEADERS_MS, httpBodyTimeoutMs: BODY_MS, httpIdleTimeoutMs: IDLE_MS },
      },
      256,
    );
    const slow: RawConn[] = [];
    const authedSlow: RawConn[] = [];
    const trickle = setInterval(() => {
      for (const c of slow) if (!c.closedAt) c.socket.write("x");
      for (const c of authedSlow) if (!c.closedAt) c.socket.write("x");
    }, 200);
    try {
      // 150 never finish their headers, 150 unauthenticated ones trickle a body, 20 authenticated ones do too.
      for (let i = 0; i < 150; i++)
        slow.push(await rawConnect(k.url, "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Slow: "));
      for (let i = 0; i < 150; i++)
        slow.push(await rawConnect(k.url, "POST /v1/call/noop HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"));
      const authHead =
        `POST /v1/call/file_put HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${k.token}\r\n` +
        "X-Acting-User: dev\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
      for (let i = 0; i < 20; i++) authedSlow.push(await rawConnect(k.url, authHead));
      const peakFds = k.fds();

      // Real work during the flood.
      const t0 = Date.now();
      const health = await req(k.url, k.token, "GET", "/v1/health");
      expect(health.status).toBe(200);
      expect(health.json.ok).toBe(true);
      const put = await req(k.url, k.token, "POST", "/v1/call/file_put", {
        body: { args: { path: "flood/ok.txt", content: "written during the flood" } },
        user: "dev",
      });
      expect(put.json.outcome).toBe("completed");
      const got = await req(k.url, k.token, "POST", "/v1/call/file_get", {
        body: { args: { path: "flood/ok.txt" } },
        user: "dev",
      });
      expect(got.json.results[0].data.content).toBe("written during the flood");
      expect(Date.now() - t0).toBeLessThan(10_000);

      // Every slow socket is gone within its bound: headers (from connect) or body (from its headers).
      await Promise.race([
        Promise.all([...slow, ...authedSlow].map((c) => c.closed)),
        sleep(HEADERS_MS + SLACK_MS * 3),
      ]);
      const late = [...slow, ...authedSlow].filter(
        (c) => c.closedAt === undefined || c.closedAt - c.openedAt > HEADERS_MS + BODY_MS + SLACK_MS,
      );
      expect(late.length).toBe(0);
      // Unauthenticated bodies never get past 401; slow headers get 408 (or were evicted to make room).
      for (const c of slow.slice(150)) expect([401, undefined]).toContain(rawStatus(c));
      expect(slow.slice(150).filter((c) => rawStatus(c) === 401).length).toBeGreaterThan(100);
      for (const c of slow.slice(0, 150)) expect([408, undefined]).toContain(rawStatus(c));
      expect(slow.slice(0, 150).some((c) => rawStatus(c) === 408)).toBe(true);
      for (const c of authedSlow) expect([408, undefined]).toContain(rawStatus(c));
      expect(authedSlow.filter((c) => rawStatus(c) === 408).length).toBeGreaterThan(10);
      expect(peakFds).toBeLessThan(256);
      expect(k.alive()).toBe(true);
      expect(k.stderr()).not.toMatch(/EMFILE/);
    } finally {
      clearInterval(trickle);
      for (const c of [...slow, ...authedSlow]) c.socket.destroy();
      await k.close();
    }
  }, 60_000);
});

describe("socket bounds in process", () => {
  type K = Awaited<ReturnType<typeof createKernel>>;
  let k: K;
  beforeAll(async () => {
    k = await createKernel({
      extensionDir: dir,
      stateDir: `${dir}/state-bounds`,
      port: 0,
      writeDiscovery: false,
      limits: {
        httpHeadersTimeoutMs: HEADERS_MS,
        httpBodyTimeoutMs: BODY_MS,
        httpIdleTimeoutMs: IDLE_MS,
        httpMaxConnections: 6,
      },
    });
  });
  afterAll(async () => {
    await k.close();
  });
  const get = (keepAlive = true) =>
    `GET /v1/health HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${k.token}\r\n` +
    `Connection: ${keepAlive ? "keep-alive" : "close"}\r\n\r\n`;

  it("answers 408 to headers that do not arrive in time and closes the socket", async () => {
    const c = await rawConnect(k.url!, "GET /v1/health HTTP/1.1\r\nHost: a\r\n");
    await c.closed;
    expect(rawStatus(c)).toBe(408);
    expect(c.received).toContain('"code":"REQUEST_TIMEOUT"');
    expect(c.closedAt! - c.openedAt).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(c.closedAt! - c.openedAt).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it("answers 408 to an authenticated body that does not arrive within its bound of the headers", async () => {
    const c = await rawConnect(
      k.url!,
      `POST /v1/call/noop HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${k.token}\r\nX-Acting-User: dev\r\n` +
        "Content-Length: 50\r\n\r\n{",
    );
    await c.closed;
    expect(rawStatus(c)).toBe(408);
    expect(c.closedAt! - c.openedAt).toBeGreaterThanOrEqual(BODY_MS - 50);
    expect(c.closedAt! - c.openedAt).toBeLessThan(BODY_MS + SLACK_MS);
  });

  it("closes an idle keep-alive socket after its bound, not before", async () => {
    const c = await rawConnect(k.url!, get());
    for (let i = 0; i < 100 && !c.received.includes('"ok":true'); i++) await sleep(20);
    const answeredAt = Date.now();
    expect(rawStatus(c)).toBe(200);
    await c.closed;
    expect(c.closedAt! - answeredAt).toBeGreaterThanOrEqual(IDLE_MS - 100);
    // Tighter than node's own keep-alive timer (idle + 1 s), which alone would miss the bound.
    expect(c.closedAt! - answeredAt).toBeLessThan(IDLE_MS + 700);
  });

  it("when full, evicts the oldest unauthenticated socket for a newcomer and never an authenticated one", async () => {
    // Six authenticated keep-alive sockets fill the kernel; a seventh connection is refused at once.
    const trusted: RawConn[] = [];
    for (let i = 0; i < 6; i++) trusted.push(await rawConnect(k.url!, get()));
    for (let i = 0; i < 100 && trusted.some((c) => rawStatus(c) !== 200); i++) await sleep(20);
    const extra = await rawConnect(k.url!);
    await Promise.race([extra.closed, sleep(1_000)]);
    expect(extra.closedAt).toBeDefined();
    // The trusted sockets still serve requests.
    const before = trusted[0]!.received.length;
    trusted[0]!.socket.write(get());
    for (let i = 0; i < 100 && trusted[0]!.received.length === before; i++) await sleep(20);
    expect(trusted[0]!.received.slice(before)).toMatch(/^HTTP\/1\.1 200/);
    for (const c of trusted) c.socket.destroy();
    await Promise.all(trusted.map((c) => c.closed));
    await sleep(50);

    // Six idle strangers fill it now; a real request still gets in (the oldest stranger goes).
    const strangers: RawConn[] = [];
    for (let i = 0; i < 6; i++) strangers.push(await rawConnect(k.url!));
    await sleep(400); // past the newcomers' eviction grace
    const h = await req(k.url!, k.token, "GET", "/v1/health");
    expect(h.status).toBe(200);
    await Promise.race([strangers[0]!.closed, sleep(500)]);
    expect(strangers[0]!.closedAt).toBeDefined();
    for (const c of strangers) c.socket.destroy();
  });

  it("answers absurdly deep JSON 400 instead of overflowing a stack (500): ARGS_TOO_DEEP for calls, JSON_TOO_DEEP elsewhere", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const x = await req(k.url!, k.token, "POST", "/v1/call/create_note", {
      raw: `{"args":{"title":"t","body":${deep}}}`,
      user: "dev",
    });
    expect(x.status).toBe(400);
    expect(x.json.error.code).toBe("ARGS_TOO_DEEP");
    const turn = await req(k.url!, k.token, "POST", "/v1/chat/turn", {
      raw: `{"message":"hi","extra":${deep}}`,
      user: "dev",
    });
    expect(turn.status).toBe(400);
    expect(turn.json.error.code).toBe("JSON_TOO_DEEP");
    // Brackets inside strings are not nesting.
    const flat = await req(k.url!, k.token, "POST", "/v1/call/create_note", {
      body: { args: { title: "[".repeat(5_000) } },
      user: "dev",
    });
    expect(flat.json.outcome).toBe("completed");
  });

  it("closes the socket after a 401 and answers oversized headers 431 with the JSON error shape", async () => {
    const c = await rawConnect(k.url!, "GET /v1/health HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer nope\r\n\r\n");
    await Promise.race([c.closed, sleep(2_000)]);
    expect(rawStatus(c)).toBe(401);
    expect(c.closedAt).toBeDefined();
    const big = await rawConnect(
      k.url!,
      `GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`,
    );
    await Promise.race([big.closed, sleep(2_000)]);
    expect(rawStatus(big)).toBe(431);
    expect(big.received).toContain('"code":"HEADERS_TOO_LARGE"');
  });
});
