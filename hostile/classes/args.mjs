// Hostile arguments over HTTP to a real kernel (SPEC 10): deep nesting, huge strings and arrays up to the body
// limit, prototype-pollution keys, non-JSON bodies, wrong types, unknown tools, oversized chat messages, fabricated
// ids. crash = a 5xx, a dropped connection or a dead kernel; hang = a case over 10 s; leak = a rejected call without
// its audit row, or Object.prototype polluted afterwards (kernel thread or worker).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildExtension } from "../lib/build-extension.mjs";

const CASE_MS = 10_000;
const MIB = 1024 * 1024;

/** `{"a":{"a":...1}}` with `levels` objects, as text (JSON.stringify would overflow first). */
const deepObject = (levels) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const deepArray = (levels) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;
const callBody = (argsText) => `{"args":${argsText}}`;

export default {
  name: "args",
  async run(env) {
    const { createKernel } = await import(pathToFileURL(path.join(env.root, "packages/local-kernel/dist/index.js")));
    const dir = await buildExtension(env.root, await env.tmpDir("imperal-hostile-args-"), { fixture: "dispatch.ts" });
    const k = await createKernel({
      extensionDir: dir,
      port: 0,
      writeDiscovery: false,
      users: [{ id: "alice" }, { id: "careful", confirmations: { enabled: true, actions: { write: true } } }],
      limits: { promotionMs: 30_000, callTimeoutMs: 5_000 },
    });
    const row = { class: "args", cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0 };
    const notes = [];
    const fail = (kind, what) => {
      row[kind]++;
      if (notes.length < 6) notes.push(`${kind}: ${what}`);
    };

    /** One HTTP request; `body` is sent as-is (string) so hostile JSON text reaches the server unchanged. */
    const send = async (method, route, { body, user = "alice", headers = {} } = {}) => {
      const h = { authorization: `Bearer ${k.token}`, ...headers };
      if (user !== undefined) h["x-acting-user"] = user;
      if (body !== undefined) h["content-type"] = "application/json";
      const res = await fetch(k.url + route, { method, headers: h, body, signal: AbortSignal.timeout(CASE_MS) });
      const text = await res.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    };
    const newestAudit = async (user = "alice") =>
      (await send("GET", "/v1/audit?limit=1", { user })).json?.rows?.[0]?.id ?? null;

    /**
     * Runs one case. `expect(r)` returns a problem string or "" ; `audited` names the tool a rejected call must have
     * left a `rejected` row for (a rejection without its row is a leak).
     */
    const probe = async (name, req, expect, audited) => {
      row.cases++;
      const user = req.user ?? "alice";
      const before = audited ? await newestAudit(user) : null;
      let r;
      try {
        r = await req.run();
      } catch (e) {
        if (e?.name === "TimeoutError" || e?.name === "AbortError") fail("hangs", `${name}: over ${CASE_MS} ms`);
        else fail("crashes", `${name}: ${e?.cause?.code ?? e?.message ?? e}`);
        return;
      }
      if (r.status >= 500) return fail("crashes", `${name}: HTTP ${r.status} ${r.json?.error?.code ?? ""}`);
      const problem = expect(r);
      if (problem) return fail("crashes", `${name}: ${problem}`);
      // a rejected call (turn object "rejected", or 400 ARGS_TOO_DEEP) must have left its row
      const isRejection = r.json?.outcome === "rejected" || r.json?.error?.code === "ARGS_TOO_DEEP";
      if (audited && isRejection) {
        const rows = (await send("GET", "/v1/audit?limit=1", { user })).json?.rows ?? [];
        const top = rows[0];
        if (!top || top.id === before || top.tool !== audited || top.status !== "rejected")
          fail("leaks", `${name}: rejected without its audit row (newest: ${top?.tool}/${top?.status})`);
      }
    };
    const call = (tool, argsText, user) => ({
      user,
      run: () => send("POST", `/v1/call/${tool}`, { body: callBody(argsText), user }),
    });
    const turn = (message) => ({ run: () => send("POST", "/v1/chat/turn", { body: JSON.stringify({ message }) }) });
    const status = (code) => (r) => (r.status === code ? "" : `HTTP ${r.status}, wanted ${code}`);
    const rejected = (code) => (r) =>
      r.status === 200 && r.json?.outcome === "rejected" && (!code || r.json.code === code)
        ? ""
        : `answered ${r.status} ${r.json?.outcome ?? ""} ${r.json?.code ?? r.json?.error?.code ?? ""}, wanted rejected ${code ?? ""}`;
    const tooDeep = (r) =>
      r.status === 400 && r.json?.error?.code === "ARGS_TOO_DEEP" ? "" : `${r.status} ${r.json?.error?.code}`;
    const answered = (r) => (r.status === 200 && typeof r.json?.outcome === "string" ? "" : `HTTP ${r.status}`);
    const completed = (r) =>
      r.status === 200 && r.json?.outcome === "completed" ? "" : `${r.status} ${r.json?.outcome} ${r.json?.code ?? ""}`;

    try {
      // ---- deep nesting: 400 ARGS_TOO_DEEP, audited, on every path that takes args
      await probe("depth 64 passes", call("echo", `{"data":${deepObject(63)}}`), completed);
      for (const levels of [65, 2_000, 100_000]) {
        await probe(`depth ${levels} object`, call("echo", `{"data":${deepObject(levels)}}`), tooDeep, "echo");
        await probe(`depth ${levels} array`, call("echo", `{"data":${deepArray(levels)}}`), tooDeep, "echo");
      }
      await probe(
        "depth under a confirmation policy",
        call("create_note", `{"title":"t","x":${deepObject(5_000)}}`, "careful"),
        tooDeep,
        "create_note",
      );
      await probe(
        "depth in panel props",
        { run: () => send("POST", "/v1/panels/summary", { body: `{"props":${deepObject(3_000)}}` }) },
        tooDeep,
        "__panel__summary",
      );
      await probe("depth in a chat message text", turn(deepObject(3_000).slice(0, 15_000)), answered);
      row.cases++;
      try {
        await k.call("alice", "echo", { data: JSON.parse(`{"d":${deepObject(50_000)}}`) });
        fail("crashes", "kernel.call accepted 50,000 levels");
      } catch (e) {
        if (e?.code !== "ARGS_TOO_DEEP") fail("crashes", `kernel.call deep: ${e?.code ?? e?.message}`);
      }

      // ---- huge strings and arrays, up to and past the 1 MiB body limit
      await probe("string just under 1 MiB", call("echo", JSON.stringify({ data: "x".repeat(MIB - 64) })), completed);
      await probe("string over 1 MiB", call("echo", JSON.stringify({ data: "x".repeat(MIB + 16) })), status(413));
      await probe(
        "200k-element array",
        call("echo", JSON.stringify({ data: Array.from({ length: 200_000 }, (_, i) => i % 10) })),
        completed,
      );
      await probe(
        "50k small objects",
        call("echo", JSON.stringify({ data: Array.from({ length: 50_000 }, () => ({ k: 1 })) })),
        completed,
      );
      await probe(
        "30k keys",
        call(
          "echo",
          JSON.stringify({ data: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i])) }),
        ),
        completed,
      );
      await probe("huge title", call("create_note", JSON.stringify({ title: "t".repeat(900_000) })), answered);

      // ---- prototype pollution keys (then checked in the kernel thread and in the worker)
      const polluting = [
        `{"__proto__":{"polluted":"yes"},"data":1}`,
        `{"constructor":{"prototype":{"polluted":"yes"}}}`,
        `{"data":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}`,
        `{"data":[{"__proto__":{"polluted":"yes"}}],"note_id":"__proto__"}`,
      ];
      for (const [i, a] of polluting.entries())
        await probe(`pollution keys #${i}`, call("echo", a), (r) => (r.status === 200 ? "" : `HTTP ${r.status}`));
      await probe(
        "__proto__ title stored",
        call("create_note", `{"title":"__proto__","body":"constructor"}`),
        completed,
      );
      for (const tool of ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype"])
        await probe(`tool named ${tool}`, call(tool, "{}"), rejected("UNKNOWN_TOOL"), tool);
      await probe(
        "acting user __proto__",
        { user: "__proto__", run: () => send("POST", "/v1/call/echo", { body: callBody("{}"), user: "__proto__" }) },
        (r) => (r.status >= 400 && r.status < 500 ? "" : `HTTP ${r.status}`),
      );
      await probe("chat with pollution text", turn('{"__proto__":{"polluted":"yes"}} please'), answered);

      // ---- non-JSON and non-object bodies / args (protocol errors: 4xx, not calls)
      for (const [name, body] of [
        ["not json", "not json at all"],
        ["truncated json", '{"args":{"a":'],
        ["NaN literal", '{"args":{"n":NaN}}'],
        ["args string", '{"args":"x"}'],
        ["args array", '{"args":[1,2]}'],
        ["args null", '{"args":null}'],
        ["body array", "[1,2,3]"],
        ["body number", "42"],
        ["BOM + json", '\uFEFF{"args":{}}'],
      ])
        await probe(name, { run: () => send("POST", "/v1/call/echo", { body }) }, (r) =>
          r.status >= 400 && r.status < 500 ? "" : r.status === 200 ? "" : `HTTP ${r.status}`,
        );
      await probe(
        "1e400 and lone surrogates",
        call("echo", '{"data":{"n":1e400,"s":"\\ud800\\udfff\\ud800"}}'),
        completed,
      );

      // ---- wrong types: schema rejections, audited
      for (const [tool, a] of [
        ["create_note", '{"title":123}'],
        ["create_note", '{"title":{"x":1}}'],
        ["create_note", '{"title":["a"]}'],
        ["sleep", '{"ms":"soon"}'],
        ["big_result", '{"bytes":-1}'],
        ["big_result", '{"bytes":1.5}'],
      ])
        await probe(`wrong type ${tool} ${a}`, call(tool, a), rejected(), tool);

      // ---- unknown tools
      for (const tool of [
        "nope",
        "%00",
        "a".repeat(5_000),
        "..%2F..%2Fetc",
        "__panel__summary",
        "skeleton_refresh_x",
        "%F0%9F%92%A5",
      ])
        await probe(
          `unknown tool ${tool.slice(0, 20)}`,
          call(tool, "{}"),
          (r) => (r.status === 200 ? rejected("UNKNOWN_TOOL")(r) : r.status === 404 ? "" : `HTTP ${r.status}`),
          decodeURIComponent(tool),
        );

      // ---- oversized / odd chat messages
      await probe("message 16,001 chars", turn("x".repeat(16_001)), status(400));
      await probe("message near 1 MiB", turn("y".repeat(MIB - 100)), (r) =>
        r.status === 400 || r.status === 413 ? "" : `HTTP ${r.status}`,
      );
      await probe(
        "message not a string",
        { run: () => send("POST", "/v1/chat/turn", { body: '{"message":{"a":1}}' }) },
        status(400),
      );
      await probe("message of control chars", turn("\u0000\u0001\u202e\ud800"), answered);

      // ---- fabricated ids and placeholders: rejected before any handler, audited
      await probe("fabricated id", call("get_note", '{"note_id":"nt_made_up"}'), rejected("FABRICATED_ID"), "get_note");
      await probe(
        "placeholder id",
        call("get_note", '{"note_id":"<NOTE_ID>"}'),
        rejected("PLACEHOLDER_ARG"),
        "get_note",
      );
      await probe(
        "5,000 fabricated ids in a list",
        call("echo", JSON.stringify({ items: Array.from({ length: 5_000 }, (_, i) => ({ note_id: `fake_${i}` })) })),
        rejected("FABRICATED_ID"),
        "echo",
      );
      await probe(
        "id hidden 60 levels down",
        call("echo", `{"data":${'{"a":'.repeat(60)}{"note_id":"deep_fake"}${"}".repeat(60)}}`),
        rejected("FABRICATED_ID"),
        "echo",
      );

      // ---- afterwards: nothing polluted, the kernel still serves
      row.cases++;
      if (Object.keys(Object.prototype).length > 0 || {}.polluted !== undefined)
        fail("leaks", "Object.prototype polluted in the kernel thread");
      const probeR = await send("POST", "/v1/call/probe_proto", { body: callBody("{}") });
      if (probeR.json?.results?.[0]?.data?.polluted !== false)
        fail("leaks", `worker prototype: ${JSON.stringify(probeR.json?.results?.[0]?.data)}`);
      row.cases++;
      const health = await send("GET", "/v1/health");
      if (health.json?.ok !== true) fail("crashes", "kernel unhealthy after the corpus");
      const last = await send("POST", "/v1/call/count_notes", { body: callBody("{}") });
      if (last.json?.outcome !== "completed") fail("crashes", `kernel stopped serving: ${last.status}`);
    } finally {
      await k.close();
    }
    if (notes.length) row.note = notes.join("; ");
    env.log(`args: ${row.cases} cases`);
    return [row];
  },
};
