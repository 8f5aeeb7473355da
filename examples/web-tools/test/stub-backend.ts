// The Web Tools backend, stubbed: one pure answer function, used as the testing kit's http handler and served on
// 127.0.0.1 for the kernel tests. Domains pick their behaviour by name.
import { createServer, type Server } from "node:http";

type Reply = { status: number; json: unknown };
const ok = (data: unknown): Reply => ({ status: 200, json: { success: true, data } });
const fail = (message: string, status = 502): Reply => ({
  status,
  json: { success: false, error: { code: "UPSTREAM", message } },
});

/** Request counter per path (tests check what ran). */
export const hits = new Map<string, number>();

/** Answers one backend GET. `bad.*` is critical, `warn.*` has warnings, `down.*` fails, anything else is fine. */
export function answer(url: string): Reply {
  const u = new URL(url);
  hits.set(u.pathname, (hits.get(u.pathname) ?? 0) + 1);
  const parts = u.pathname.split("/").filter(Boolean).map(decodeURIComponent); // v1, kind, ...
  const kind = parts[1];
  const domain = parts.find((p) => p.includes(".")) ?? u.searchParams.get("url")?.replace(/^https?:\/\//, "") ?? "";
  if (domain.startsWith("down.")) return fail("backend unavailable for this domain");
  const bad = domain.startsWith("bad.");
  const warn = domain.startsWith("warn.");
  switch (kind) {
    case "health":
      return ok({ status: "ok" });
    case "dns":
      return ok({
        records: [{ type: parts[2] === "all" ? "A" : parts[2], value: "192.0.2.10" }],
        fully_propagated: !warn,
      });
    case "ssl":
      return ok({
        valid: !bad,
        grade: bad ? "F" : warn ? "B" : "A+",
        days_until_expiry: warn ? 7 : 120,
        issuer: "Stub CA",
      });
    case "whois":
      return ok({ registrar: "Stub Registrar", expires: "2030-01-01" });
    case "http":
      return ok({
        grade: bad ? "F" : warn ? "C" : "A",
        score: bad ? 10 : warn ? 55 : 95,
        missing: warn || bad ? ["content-security-policy"] : [],
      });
    case "email":
      return ok({ grade: warn ? "D" : "A", spf: true, dkim: !warn, dmarc: true });
    case "blacklist":
      return ok({
        verdict: bad ? "critical" : "clean",
        resolved_ip: "192.0.2.10",
        listed_on: bad ? ["spamhaus", "barracuda"] : [],
      });
    case "geo":
      return ok({ http: { regions: { eu: { ok: true }, us: { ok: !warn }, ap: { ok: !warn } } } });
    case "ports":
      return ok({ open: [80, 443] });
    case "smtp":
      return ok({ reachable: !warn });
    case "seo":
      return ok({ issues: warn ? ["missing meta description"] : [] });
    case "ip":
      return ok({ ip: parts[2], ptr: "host.example", listed: false });
    default:
      return fail(`no such endpoint ${u.pathname}`, 404);
  }
}

/** The testing kit's http handler. */
export const httpHandler = (req: { url: string }) => answer(req.url);

/** Serves the stub on 127.0.0.1; resolves to its base URL and a close function. */
export async function serveStub(): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const r = answer(`http://127.0.0.1${req.url}`);
    res.writeHead(r.status, { "content-type": "application/json" });
    res.end(JSON.stringify(r.json));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((ok) => server.close(() => ok())) };
}
