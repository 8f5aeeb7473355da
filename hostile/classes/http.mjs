// Hostile class "http": abuse of the HTTP API of a real kernel process on 127.0.0.1 (SPEC 4, SPEC 10) — slow
// headers, slow bodies, a 320-socket flood, huge bodies and headers, deep and malformed JSON, wrong methods and bad
// tokens — while valid writes run alongside. crash = a 5xx or the kernel process dying; hang = a request not
// answered within its bound; leak = a socket held past its bound or an unauthenticated request answered other
// than 401; loss = an acknowledged write missing afterwards.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildExtension } from "../lib/build-extension.mjs";

/** Short bounds so the class runs in seconds; the kernel enforces the same rule at the SPEC values. */
const BOUND = { httpHeadersTimeoutMs: 1_000, httpBodyTimeoutMs: 1_000, httpIdleTimeoutMs: 800 };
const SLACK_MS = 2_000;
const FD_LIMIT = 512;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The kernel in its own process under a descriptor limit (packages/local-kernel/test/fixtures/kernel-child.mjs). */
async function startKernel(root, dir) {
  const dist = pathToFileURL(path.join(root, "packages/local-kernel/dist/index.js")).href;
  const script = path.join(root, "packages/local-kernel/test/fixtures/kernel-child.mjs");
  const opts = JSON.stringify({ extensionDir: dir, stateDir: path.join(dir, "state"), limits: BOUND });
  const child = spawn(
    "bash",
    ["-c", `ulimit -n ${FD_LIMIT} && exec "$@"`, "bash", process.execPath, script, dist, opts],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stderr = "";
  let exited = false;
  child.stderr.on("data", (d) => (stderr += d));
  child.on("exit", () => (exited = true));
  const info = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
    child.on("exit", (c) => reject(new Error(`kernel exited ${c}: ${stderr}`)));
  });
  return {
    ...info,
    alive: () => !exited,
    stderr: () => stderr,
    fds: () => readdirSync(`/proc/${info.pid}/fd`).length,
    close: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once("exit", r));
      child.stdin.end();
      const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await done;
      clearTimeout(t);
    },
  };
}

/** A raw socket that records what it received and when it closed. */
function raw(url, first) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port) });
    const c = { s, openedAt: Date.now(), closedAt: undefined, got: "" };
    s.setEncoding("latin1");
    s.on("data", (d) => (c.got += d));
    s.on("error", () => {});
    s.on("close", () => (c.closedAt ??= Date.now()));
    s.once("connect", () => {
      c.openedAt = Date.now();
      if (first) s.write(first);
      resolve(c);
    });
    s.once("error", () => resolve(c));
  });
}
const statusOf = (c) => Number(/^HTTP\/1\.1 (\d{3})/.exec(c.got)?.[1] ?? 0) || undefined;

/** One request with a deadline: { status, json } or { status: 0 } when it failed or timed out (`hung`). */
async function http(
  k,
  method,
  p,
  { body, raw: rawBody, user, token = k.token, headers = {}, timeoutMs = 10_000 } = {},
) {
  const h = { ...headers };
  if (token !== null) h.authorization = `Bearer ${token}`;
  if (user) h["x-acting-user"] = user;
  let b = rawBody;
  if (body !== undefined) {
    b = JSON.stringify(body);
    h["content-type"] = "application/json";
  }
  try {
    const res = await fetch(k.url + p, { method, headers: h, body: b, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  } catch (e) {
    return { status: 0, hung: e?.name === "TimeoutError", error: String(e?.cause?.code ?? e?.message ?? e) };
  }
}

function row(name) {
  return { class: `http:${name}`, cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0, notes: [] };
}
/** Counts one answered case: 5xx = crash, timeout = hang, an unexpected status = note only (or `leakIf`). */
function judge(r, res, ok, what) {
  r.cases++;
  if (res.status >= 500) {
    r.crashes++;
    r.notes.push(`${what}: ${res.status}`);
  } else if (res.hung) {
    r.hangs++;
    r.notes.push(`${what}: no answer`);
  } else if (!ok(res.status)) r.notes.push(`${what}: ${res.status || res.error}`);
}
/** Counts raw sockets: one still open past `by` = leak; a 5xx = crash; an answer outside `allowed` = note. */
function judgeSockets(r, conns, by, allowed, what) {
  for (const c of conns) {
    r.cases++;
    const st = statusOf(c);
    if (st >= 500) r.crashes++;
    if (c.closedAt === undefined || c.closedAt - c.openedAt > by) r.leaks++;
    if (st !== undefined && !allowed.includes(st)) r.notes.push(`${what}: ${st}`);
  }
}

export default {
  name: "http",
  async run(env) {
    const dir = await env.tmpDir("imperal-hostile-http-");
    await buildExtension(env.root, dir, { fixture: "notes.ts" });
    const k = await startKernel(env.root, dir);
    const rows = {};
    for (const n of ["slow", "flood", "huge", "json", "methods", "auth", "writes"]) rows[n] = row(n);
    try {
      const baselineFds = k.fds();
      // Valid writes all along: every acknowledged note must exist afterwards.
      const acked = [];
      let writing = true;
      const writer = async (w) => {
        for (let i = 0; writing; i++) {
          const title = `w${w}-${i}`;
          const res = await http(k, "POST", "/v1/call/create_note", { body: { args: { title } }, user: "dev" });
          judge(rows.writes, res, (s) => s === 200, "valid write");
          if (res.status === 200 && res.json.outcome === "completed")
            acked.push([res.json.results[0].data.note_id, title]);
          await sleep(20);
        }
      };
      const writers = Promise.all([writer(0), writer(1)]);

      // Slow headers, unauthenticated slow bodies, authenticated slow bodies.
      const slowHead = await Promise.all(
        Array.from({ length: 60 }, () => raw(k.url, "GET /v1/health HTTP/1.1\r\nX-A: ")),
      );
      const unauthBody = await Promise.all(
        Array.from({ length: 60 }, () =>
          raw(k.url, "POST /v1/call/noop HTTP/1.1\r\nHost: a\r\nContent-Length: 99999\r\n\r\n{"),
        ),
      );
      const authBody = await Promise.all(
        Array.from({ length: 20 }, () =>
          raw(
            k.url,
            `POST /v1/call/noop HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${k.token}\r\nX-Acting-User: dev\r\n` +
              "Content-Length: 99999\r\n\r\n{",
          ),
        ),
      );
      const trickle = setInterval(() => {
        for (const c of [...slowHead, ...unauthBody, ...authBody]) if (c.closedAt === undefined) c.s.write("a");
      }, 150);
      // A 320-socket flood of silent connections on top.
      const flood = await Promise.all(Array.from({ length: 320 }, () => raw(k.url)));
      const health = await http(k, "GET", "/v1/health", { timeoutMs: 5_000 });
      judge(rows.flood, health, (s) => s === 200, "health during flood");
      const put = await http(k, "POST", "/v1/call/file_put", {
        body: { args: { path: "flood.txt", content: "during flood" } },
        user: "dev",
        timeoutMs: 5_000,
      });
      judge(rows.flood, put, (s) => s === 200, "storage write during flood");
      if (put.json?.outcome !== "completed") rows.flood.losses++;
      await sleep(BOUND.httpHeadersTimeoutMs + BOUND.httpBodyTimeoutMs + SLACK_MS);
      clearInterval(trickle);
      const by = BOUND.httpHeadersTimeoutMs + BOUND.httpBodyTimeoutMs + SLACK_MS;
      judgeSockets(rows.slow, slowHead, by, [408], "slow headers");
      judgeSockets(rows.slow, authBody, by, [408], "slow authenticated body");
      judgeSockets(rows.flood, flood, by, [408], "flood socket");
      for (const c of unauthBody) {
        rows.slow.cases++;
        const st = statusOf(c);
        if (st !== 401 && st !== undefined) rows.slow.leaks++; // a stranger gets 401 or nothing
        if (c.closedAt === undefined || c.closedAt - c.openedAt > by) rows.slow.leaks++;
      }
      for (const c of [...slowHead, ...unauthBody, ...authBody, ...flood]) c.s.destroy();

      // Huge bodies and headers.
      const big = "x".repeat(5 * 1024 * 1024);
      const hb = await http(k, "POST", "/v1/call/create_note", { raw: `{"args":{"title":"${big}"}}`, user: "dev" });
      judge(rows.huge, hb, (s) => s === 413 || s === 0, "5 MiB body");
      const hh = await raw(k.url, `GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Big: ${"b".repeat(80_000)}\r\n\r\n`);
      await sleep(300);
      judge(rows.huge, { status: statusOf(hh) ?? 0 }, (s) => s === 431, "80 KiB header");
      const many = Array.from({ length: 3_000 }, (_, i) => `X-H${i}: v`).join("\r\n");
      const hm = await raw(k.url, `GET /v1/health HTTP/1.1\r\nHost: a\r\n${many}\r\n\r\n`);
      await sleep(300);
      judge(rows.huge, { status: statusOf(hm) ?? 0 }, (s) => s === 431 || s === 400, "3000 headers");
      hh.s.destroy();
      hm.s.destroy();

      // Deep and malformed JSON.
      const deep = (n) => "[".repeat(n) + "]".repeat(n);
      for (const [what, text, ok] of [
        ["100k-deep args", `{"args":{"title":"t","body":${deep(100_000)}}}`, (s) => s === 400],
        ["100k-deep body", deep(100_000), (s) => s === 400],
        ["70-deep args", `{"args":{"title":"t","x":${deep(70)}}}`, (s) => s === 200 || s === 400],
        ["truncated", '{"args":', (s) => s === 400],
        ["array body", "[1,2]", (s) => s === 400],
        ["null body", "null", (s) => s === 400],
        ["string args", '{"args":"x"}', (s) => s === 400],
        ["number args", '{"args":5}', (s) => s === 400],
        ["bad utf-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), (s) => s === 400],
        ["nul bytes", '{"args":{"title":"a\u0000b"}}', (s) => s === 200 || s === 400],
        ["proto keys", '{"args":{"__proto__":{"x":1},"title":"p"}}', (s) => s === 200],
      ])
        judge(rows.json, await http(k, "POST", "/v1/call/create_note", { raw: text, user: "dev" }), ok, what);
      for (const p of ["/v1/chat/turn", "/v1/panels/sidebar", "/v1/skeleton/notes/refresh"])
        judge(rows.json, await http(k, "POST", p, { raw: "{nope", user: "dev" }), (s) => s === 400, `malformed ${p}`);

      // Wrong methods, unknown paths, odd headers.
      for (const [m, p, want] of [
        ["GET", "/v1/call/noop", 405],
        ["DELETE", "/v1/health", 405],
        ["PUT", "/v1/tools", 405],
        ["PATCH", "/v1/audit", 405],
        ["GET", "/v1/confirmations/x/accept", 405],
        ["GET", "/nope", 404],
        ["POST", "/v1/call/%E0%A4%A", 400],
      ])
        judge(rows.methods, await http(k, m, p), (s) => s === want, `${m} ${p}`);
      judge(
        rows.methods,
        await http(k, "GET", "/v1/audit", { user: "bad user!" }),
        (s) => s === 400,
        "bad acting user",
      );
      const brew = await raw(k.url, "BREW /v1/health HTTP/1.1\r\nHost: a\r\n\r\n");
      await sleep(200);
      judge(rows.methods, { status: statusOf(brew) ?? 0 }, (s) => s === 400, "unknown method");
      brew.s.destroy();

      // Bad tokens on every route: exactly 401, nothing else.
      const routes = [
        ["GET", "/v1/health"],
        ["GET", "/v1/tools"],
        ["GET", "/v1/audit"],
        ["GET", "/v1/events"],
        ["GET", "/v1/skeleton"],
        ["GET", "/v1/fact-ledger"],
        ["POST", "/v1/call/noop"],
        ["POST", "/v1/chat/turn"],
        ["POST", "/v1/panels/sidebar"],
        ["POST", "/v1/confirmations/cnf_x/accept"],
        ["POST", "/v1/calls/1/cancel"],
        ["POST", "/v1/users/dev/uninstall"],
        ["POST", "/v1/skeleton/notes/refresh"],
        ["GET", "/nope"],
      ];
      const bad = [null, "", "wrong", k.token.slice(0, -1), `${k.token}x`, k.token.toUpperCase(), `${k.token} extra`];
      for (const [m, p] of routes)
        for (const t of bad) {
          const body = m === "POST" ? { args: {}, message: "hi" } : undefined;
          const res = await http(k, m, p, { token: t, body, user: "dev", timeoutMs: 3_000 });
          rows.auth.cases++;
          if (res.status >= 500) rows.auth.crashes++;
          if (res.status !== 401) {
            rows.auth.leaks++;
            rows.auth.notes.push(`${m} ${p} token=${t}: ${res.status}`);
          }
        }
      for (const scheme of ["Basic", "Token", "Bearer:"]) {
        const res = await http(k, "GET", "/v1/health", {
          token: null,
          headers: { authorization: `${scheme} ${k.token}` },
        });
        rows.auth.cases++;
        if (res.status !== 401) rows.auth.leaks++;
      }

      writing = false;
      await writers;
      // Every acknowledged write is there.
      for (const [id, title] of acked) {
        const res = await http(k, "POST", "/v1/call/get_note", { body: { args: { note_id: id } }, user: "dev" });
        rows.writes.cases++;
        if (res.json?.results?.[0]?.data?.title !== title) rows.writes.losses++;
      }
      const got = await http(k, "POST", "/v1/call/file_get", { body: { args: { path: "flood.txt" } }, user: "dev" });
      rows.writes.cases++;
      if (got.json?.results?.[0]?.data?.content !== "during flood") rows.writes.losses++;

      // The kernel is up and holds no abuse sockets.
      await sleep(BOUND.httpIdleTimeoutMs + 500);
      rows.flood.cases++;
      if (!k.alive()) rows.flood.crashes++;
      const fds = k.fds();
      if (fds > baselineFds + 16) {
        rows.flood.leaks++;
        rows.flood.notes.push(`fds ${baselineFds} -> ${fds}`);
      }
      if (/EMFILE/.test(k.stderr())) {
        rows.flood.crashes++;
        rows.flood.notes.push("EMFILE in the kernel log");
      }
      env.log(`${acked.length} acknowledged writes during the abuse; fds ${baselineFds} -> ${fds}`);
    } finally {
      const wasAlive = k.alive();
      await k.close();
      if (!wasAlive) rows.flood.crashes++;
    }
    return Object.values(rows).map(({ notes, ...r }) =>
      notes.length ? { ...r, note: notes.slice(0, 5).join("; ") } : r,
    );
  },
};
