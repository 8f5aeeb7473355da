// Hostile class "tenants": isolation between two tenants, two users each, plus the id pairs that collided in
// storage before (a user named like the old `h_<sha256>` form of another; ids that differ only in case; tenants
// that did), on every per-user HTTP route and on store, cache, secrets and storage through tool calls of a real
// kernel on 127.0.0.1. leak = any row, document, file, secret, event or confirmation of another user visible or
// writable; crash = a 5xx.
import { createHash } from "node:crypto";
import path from "node:path";
import { buildExtension } from "../lib/build-extension.mjs";

const oldHashed = (id) => "h_" + createHash("sha256").update(id).digest("hex").slice(0, 32);
const USERS = [
  { id: "alice", tenantId: "t1" },
  { id: "bob", tenantId: "t1" },
  { id: "dave@example.com", tenantId: "t1" },
  { id: oldHashed("dave@example.com"), tenantId: "t1" },
  { id: "carol", tenantId: "t2" },
  { id: "dan", tenantId: "t2" },
  { id: "Erin", tenantId: "t2" },
  { id: "erin", tenantId: "t2" },
];
/** Tenants that share user `zed` across runs over one state dir (the users file changed). */
const TENANT_PAIRS = ["Acme Corp", oldHashed("Acme Corp"), "acme", "Acme", "ACME"];
const mark = (kind, u) => `${kind}-of-${u}`;

function client(k, r) {
  const http = async (method, p, user, body) => {
    const headers = { authorization: `Bearer ${k.token}` };
    if (user !== undefined) headers["x-acting-user"] = user;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(k.url + p, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 500) {
      r.crashes++;
      r.notes.push(`${method} ${p}: ${res.status}`);
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, text };
  };
  const call = async (user, tool, args) => (await http("POST", `/v1/call/${tool}`, user, { args })).json;
  return { http, call };
}
const first = (t) => t?.results?.[0];

export default {
  name: "tenants",
  async run(env) {
    const { createKernel } = await import(path.join(env.root, "packages/local-kernel/dist/index.js"));
    const dir = await env.tmpDir("imperal-hostile-tenants-");
    await buildExtension(env.root, dir, { fixture: "notes.ts" });
    const routes = { class: "tenants:routes", cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0, notes: [] };
    const clients = { class: "tenants:clients", cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0, notes: [] };
    const paths = { class: "tenants:id-pairs", cases: 0, crashes: 0, hangs: 0, leaks: 0, losses: 0, notes: [] };
    const check = (r, leaked, what) => {
      r.cases++;
      if (leaked) {
        r.leaks++;
        r.notes.push(what);
      }
    };

    const k = await createKernel({
      extensionDir: dir,
      stateDir: path.join(dir, "state"),
      port: 0,
      writeDiscovery: false,
      limits: { promotionMs: 30_000 },
      users: USERS,
    });
    const { http, call } = client(k, clients);
    const route = client(k, routes).http;
    try {
      // Every user writes one of everything, and leaves a confirmation pending.
      const own = {};
      for (const { id: u } of USERS) {
        const n = await call(u, "create_note", { title: mark("note", u) });
        await call(u, "cache_set", { key: "k", value: mark("cache", u) });
        await call(u, "secret_set", { name: "api_key", value: mark("secret", u) });
        await call(u, "file_put", { path: "private.txt", content: mark("file", u) });
        const noteId = first(n).data.note_id;
        const c = await call(u, "delete_note", { note_id: noteId });
        own[u] = { noteId, confirmation: c.confirmation?.id };
      }
      await call("carol", "notify_me", { message: mark("ping", "carol") });

      // Every ordered pair (u, v): nothing of v is visible or writable to u.
      for (const { id: u } of USERS)
        for (const { id: v } of USERS) {
          if (u === v) continue;
          const vMark = (kind) => `"${mark(kind, v)}"`; // quoted: no id is a prefix of another's marker
          const list = await call(u, "list_notes", {});
          check(clients, JSON.stringify(list).includes(vMark("note")), `${u} lists ${v}'s notes`);
          await call(u, "create_note", { title: own[v].noteId }); // makes the id "seen" for u, so the store is tested
          const got = await call(u, "get_note", { note_id: own[v].noteId });
          check(clients, first(got)?.status !== "error", `${u} gets ${v}'s note`);
          const upd = await call(u, "update_note", { note_id: own[v].noteId, title: "pwned" });
          check(clients, first(upd)?.status !== "error", `${u} renames ${v}'s note`);
          check(
            clients,
            first(await call(u, "cache_get", { key: "k" }))?.data?.value !== mark("cache", u),
            `${u} cache`,
          );
          const sec = first(await call(u, "secret_get", { name: "api_key" }))?.data?.value;
          check(clients, sec !== mark("secret", u), `${u} reads secret ${sec}`);
          const file = first(await call(u, "file_get", { path: "private.txt" }))?.data?.content;
          check(clients, file !== mark("file", u), `${u} reads file ${file}`);
          const files = first(await call(u, "file_list", { prefix: "" }))?.data?.paths;
          check(clients, JSON.stringify(files) !== '["private.txt"]', `${u} lists ${JSON.stringify(files)}`);

          const acc = await route("POST", `/v1/confirmations/${own[v].confirmation}/accept`, u);
          check(routes, acc.status !== 403, `${u} accepts ${v}'s confirmation: ${acc.status}`);
          const audit = await route("GET", "/v1/audit?limit=1000&include=skeleton", u);
          const foreign = (audit.json.rows ?? []).filter((x) => x.user_id !== u);
          check(routes, foreign.length > 0 || audit.text.includes(vMark("note")), `${u} sees ${v} in the audit`);
          const facts = await route("GET", "/v1/fact-ledger", u);
          check(routes, facts.json.user !== u || facts.text.includes(`of-${v}"`), `${u} fact ledger`);
          const skel = await route("GET", "/v1/skeleton", u);
          check(routes, skel.json.user !== u, `${u} skeleton view`);
          const un = await route("POST", `/v1/users/${encodeURIComponent(v)}/uninstall`, u);
          check(routes, un.status !== 403, `${u} uninstalls ${v}: ${un.status}`);
        }

      // Views without X-Acting-User are the default user's (alice), never another tenant's.
      const noHeader = await route("GET", "/v1/audit?limit=1000&include=skeleton");
      // Without the header: the default user's (alice's) tenant, t1, and nothing of t2.
      const t1 = new Set(USERS.filter((x) => x.tenantId === "t1").map((x) => x.id));
      const outside = (noHeader.json.rows ?? []).filter((x) => x.tenant_id !== "t1" || !t1.has(x.user_id));
      check(routes, outside.length > 0 || noHeader.text.includes('-of-carol"'), "audit without header");
      check(routes, (await route("GET", "/v1/fact-ledger")).json.user !== "alice", "fact ledger without header");
      check(routes, (await route("GET", "/v1/skeleton")).json.user !== "alice", "skeleton without header");
      const panel = await route("POST", "/v1/panels/sidebar", undefined, { props: {} });
      const aliceCount = first(await call("alice", "count_notes", {}))?.data?.total;
      check(routes, !JSON.stringify(panel.json.ui).includes(`Notes: ${aliceCount}`), "panel without header");
      const un = await route("POST", "/v1/users/carol/uninstall");
      check(routes, un.status !== 403, `uninstall of carol without header: ${un.status}`);

      // Events: each user's stream carries its own ping only.
      const streams = await Promise.all(
        USERS.map(async ({ id: u }) => {
          const ac = new AbortController();
          const res = await fetch(`${k.url}/v1/events`, {
            headers: { authorization: `Bearer ${k.token}`, "x-acting-user": u },
            signal: ac.signal,
          });
          return { u, ac, reader: res.body.getReader(), text: "" };
        }),
      );
      for (const { id: u } of USERS) await call(u, "notify_me", { message: mark("ping", u) });
      const dec = new TextDecoder();
      await Promise.all(
        streams.map(async (s) => {
          const deadline = Date.now() + 3_000;
          while (!s.text.includes(`"${mark("ping", s.u)}"`) && Date.now() < deadline) {
            const { value, done } = await s.reader.read();
            if (done) break;
            s.text += dec.decode(value);
          }
          s.ac.abort();
        }),
      );
      for (const s of streams)
        for (const { id: v } of USERS)
          if (v !== s.u) check(routes, s.text.includes(`"${mark("ping", v)}"`), `${s.u} sees ${v}'s event`);

      // Nothing of anyone was changed by the others.
      for (const { id: v } of USERS) {
        const g = await call(v, "get_note", { note_id: own[v].noteId });
        check(clients, first(g)?.data?.title !== mark("note", v), `${v}'s note changed`);
        check(
          clients,
          first(await call(v, "file_get", { path: "private.txt" }))?.data?.content !== mark("file", v),
          `${v}'s file changed`,
        );
        check(
          clients,
          first(await call(v, "cache_get", { key: "k" }))?.data?.value !== mark("cache", v),
          `${v}'s cache gone`,
        );
        const c = await http("POST", `/v1/confirmations/${own[v].confirmation}/cancel`, v);
        check(routes, c.status !== 200, `${v}'s confirmation was used by someone else: ${c.status}`);
      }
    } finally {
      await k.close();
    }

    // The same user id in tenants whose ids collided (old hash form, case): one kernel run per tenant, one state dir.
    for (const t of TENANT_PAIRS) {
      const kt = await createKernel({
        extensionDir: dir,
        stateDir: path.join(dir, "state-tenants"),
        port: 0,
        writeDiscovery: false,
        users: [{ id: "zed", tenantId: t }],
      });
      const c = client(kt, paths);
      try {
        const files = first(await c.call("zed", "file_list", { prefix: "" }))?.data?.paths;
        check(paths, files?.length !== 0, `tenant ${t} sees files ${JSON.stringify(files)}`);
        check(paths, first(await c.call("zed", "count_notes", {}))?.data?.total !== 0, `tenant ${t} sees notes`);
        check(paths, first(await c.call("zed", "cache_get", { key: "k" }))?.data?.value !== null, `tenant ${t} cache`);
        check(
          paths,
          first(await c.call("zed", "secret_get", { name: "api_key" }))?.data?.value !== null,
          `tenant ${t} secret`,
        );
        await c.call("zed", "file_put", { path: "t.txt", content: t });
        await c.call("zed", "create_note", { title: t });
        await c.call("zed", "cache_set", { key: "k", value: t });
        await c.call("zed", "secret_set", { name: "api_key", value: t });
      } finally {
        await kt.close();
      }
    }
    return [routes, clients, paths].map(({ notes, ...r }) =>
      notes.length ? { ...r, note: notes.slice(0, 5).join("; ") } : r,
    );
  },
};
