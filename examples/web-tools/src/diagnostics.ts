// Diagnostics: thin read-only proxies of the backend, some with inline UI. A backend failure is an error result
// carrying the backend's message.
import { ActionResult, ui, z, type UINode } from "@imperal/sdk";
import { chat } from "./app.js";
import { api, paths, runCheck, type Backend } from "./backend.js";
import { DOMAIN_RE } from "./limits.js";
import { checkStatus } from "./status.js";
import { Audit, DomainData, FullCheck } from "./models.js";

const Domain = z.object({ domain: z.string().describe("Domain name, e.g. example.com") });
const bad = (domain: string) => ActionResult.error(`Invalid domain format: ${domain}.`, { code: "INVALID_INPUT" });
const fromBackend = (r: Backend & { ok: false }) => ActionResult.error(r.error, { code: "BACKEND_ERROR" });
const clean = (d: string) => d.trim().toLowerCase();
const scalars = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k,
      v === null || ["string", "number", "boolean"].includes(typeof v) ? (v as string) : JSON.stringify(v),
    ]),
  );
const gradeColor = (g: string) => (/^A/.test(g) ? "green" : /^B/.test(g) ? "yellow" : "red");

const RECORD_TYPES = ["A", "AAAA", "IP", "MX", "NS", "TXT", "CNAME", "SRV", "DNSSEC", "all", "propagation"] as const;
chat.function(
  "dns_lookup",
  {
    description: "Look up DNS records of a domain (A, AAAA, MX, NS, TXT, CNAME, SRV, DNSSEC, all, propagation).",
    dataModel: DomainData,
    actionType: "read",
    params: z.object({
      domain: z.string(),
      record_type: z.enum(RECORD_TYPES).default("A"),
      authoritative: z.boolean().default(false),
      propagation_type: z.enum(["A", "MX", "NS", "TXT", "CNAME"]).nullable().default(null),
    }),
  },
  async (ctx, p) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const r =
      p.record_type === "all"
        ? await api(ctx, paths.dnsAll(d))
        : p.record_type === "propagation"
          ? await api(ctx, paths.propagation(d), { record_type: p.propagation_type ?? "A" })
          : await api(ctx, p.authoritative ? paths.authoritative(p.record_type, d) : paths.dns(p.record_type, d));
    if (!r.ok) return fromBackend(r);
    const records = ((r.data.records as Array<{ type?: string; value?: string }>) ?? []).slice(0, 20);
    const view = ui.stack([
      ui.text(`${p.record_type} records of ${d}`, { variant: "label" }),
      ui.dataTable({
        columns: [
          { key: "type", label: "Type", width: 15 },
          { key: "value", label: "Value", width: 85 },
        ],
        rows: records.map((x) => ({ type: x.type ?? p.record_type, value: x.value ?? "" })),
        emptyMessage: "No records.",
      }),
    ]);
    return ActionResult.success({ domain: d, record_type: p.record_type, ...r.data }, `${records.length} record(s)`, {
      ui: view,
    });
  },
);

/** A badge + key/value view of one graded check. */
function gradedView(label: string, data: Record<string, unknown>, extra: UINode[] = []): UINode {
  const grade = String(data.grade ?? "?");
  return ui.stack([
    ui.badge(`${label} ${grade}`, { color: gradeColor(grade) }),
    ui.keyValue(scalars(data), { columns: 2 }),
    ...extra,
  ]);
}

chat.function(
  "ssl_check",
  {
    description: "Check a domain's SSL certificate.",
    dataModel: DomainData,
    actionType: "read",
    params: z.object({ domain: z.string(), full: z.boolean().default(false), port: z.number().int().default(443) }),
  },
  async (ctx, p) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const r = await api(ctx, paths.ssl(d, p.full), { port: p.port });
    if (!r.ok) return fromBackend(r);
    return ActionResult.success({ domain: d, ...r.data }, `SSL ${String(r.data.grade ?? "?")} for ${d}`, {
      ui: gradedView("SSL", r.data),
    });
  },
);

chat.function(
  "http_check",
  { description: "Grade a domain's HTTP security headers.", dataModel: DomainData, actionType: "read", params: Domain },
  async (ctx, p) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const r = await api(ctx, paths.http(d));
    if (!r.ok) return fromBackend(r);
    const missing = (r.data.missing as string[]) ?? [];
    const extra = missing.length ? [ui.alert(`Missing headers: ${missing.join(", ")}`, { type: "warn" })] : [];
    return ActionResult.success({ domain: d, ...r.data }, `HTTP headers ${String(r.data.grade ?? "?")} for ${d}`, {
      ui: gradedView("HTTP", r.data, extra),
    });
  },
);

chat.function(
  "blacklist_check",
  {
    description: "Check whether a domain is on spam blacklists.",
    dataModel: DomainData,
    actionType: "read",
    params: Domain,
  },
  async (ctx, p) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const r = await api(ctx, paths.blacklist(d));
    if (!r.ok) return fromBackend(r);
    const listed = ((r.data.listed_on as string[]) ?? []).slice(0, 5);
    const verdict = String(r.data.verdict ?? "unknown");
    const view = ui.stack([
      ui.badge(verdict, { color: verdict === "clean" ? "green" : verdict === "listed" ? "yellow" : "red" }),
      ui.keyValue(scalars(r.data), { columns: 2 }),
      ...(listed.length ? [ui.alert(`Listed on: ${listed.join(", ")}`, { type: "error" })] : []),
    ]);
    return ActionResult.success({ domain: d, ...r.data }, `${d}: ${verdict}`, { ui: view });
  },
);

const FULL = ["dns", "ssl", "http", "email", "blacklist"];
chat.function(
  "domain_full_check",
  {
    description: "Run every main check on a domain and show a table.",
    dataModel: FullCheck,
    actionType: "read",
    params: Domain,
  },
  async (ctx, p) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const rows = await Promise.all(
      FULL.map(async (c) => {
        const r = await runCheck(ctx, c, d);
        const status = r.ok ? checkStatus(c, r.data) : "unknown";
        return { check: c, status, detail: r.ok ? String(r.data.grade ?? r.data.verdict ?? "ok") : r.error };
      }),
    );
    const view = ui.dataTable({
      columns: [
        { key: "check", label: "Check", width: 20 },
        { key: "status", label: "Status", width: 20 },
        { key: "detail", label: "Detail", width: 60 },
      ],
      rows,
    });
    return ActionResult.success({ domain: d, checks: rows }, `Checked ${d}`, { ui: view });
  },
);

/** A handler proxying one backend path of a domain and returning its data. */
function proxy(label: string, path: (d: string) => [string, Record<string, string>?]) {
  return async (ctx: Parameters<typeof api>[0], p: { domain: string }) => {
    const d = clean(p.domain);
    if (!DOMAIN_RE.test(d)) return bad(d);
    const [url, query] = path(d);
    const r = await api(ctx, url, query);
    if (!r.ok) return fromBackend(r);
    return ActionResult.success({ domain: d, ...r.data }, `${label}: ${d}`);
  };
}
chat.function(
  "whois_lookup",
  { description: "WHOIS summary of a domain.", dataModel: DomainData, actionType: "read", params: Domain },
  proxy("WHOIS", (d) => [paths.whois(d)]),
);
chat.function(
  "network_check",
  {
    description: "Reachability of a domain from several regions.",
    dataModel: DomainData,
    actionType: "read",
    params: Domain,
  },
  proxy("Network", (d) => [paths.geo(d)]),
);
chat.function(
  "seo_check",
  {
    description: "SEO meta issues of a domain's home page.",
    dataModel: DomainData,
    actionType: "read",
    params: Domain,
  },
  proxy("SEO", (d) => [paths.seo(), { url: `https://${d}` }]),
);
chat.function(
  "email_check",
  { description: "SPF, DKIM and DMARC of a domain.", dataModel: DomainData, actionType: "read", params: Domain },
  proxy("Email", (d) => [paths.email(d)]),
);
chat.function(
  "port_scan",
  { description: "Open ports of a domain.", dataModel: DomainData, actionType: "read", params: Domain },
  proxy("Ports", (d) => [paths.ports(d)]),
);
chat.function(
  "smtp_test",
  { description: "Whether a domain's mail server answers.", dataModel: DomainData, actionType: "read", params: Domain },
  proxy("SMTP", (d) => [paths.smtp(d)]),
);
chat.function(
  "geo_check",
  { description: "HTTP and DNS reachability by region.", dataModel: DomainData, actionType: "read", params: Domain },
  proxy("Geo", (d) => [paths.geo(d)]),
);

chat.function(
  "audit_domains",
  {
    description: "Run the main checks over up to 25 domains and summarise.",
    dataModel: Audit,
    actionType: "read",
    params: z.object({ domains: z.array(z.string()).min(1).max(25) }),
  },
  async (ctx, p) => {
    const domains = [...new Set(p.domains.map(clean))];
    const badOnes = domains.filter((d) => !DOMAIN_RE.test(d));
    if (badOnes.length) return bad(badOnes.slice(0, 3).join(", "));
    const out: Record<string, Record<string, string>> = {};
    for (const d of domains) {
      const entries = await Promise.all(
        FULL.map(async (c) => {
          const r = await runCheck(ctx, c, d);
          return [c, r.ok ? checkStatus(c, r.data) : "unknown"] as const;
        }),
      );
      out[d] = Object.fromEntries(entries);
    }
    return ActionResult.success({ domains: out }, `Audited ${domains.length} domain(s)`);
  },
);
