// The backend client: every call goes through `unwrap`, which turns any failure into a clean error string.
/** The part of ctx the client needs. */
export interface BackendCtx {
  http: {
    get(
      url: string,
      opts?: { query?: Record<string, string | number | boolean>; timeoutMs?: number },
    ): Promise<{ status: number; json(): unknown; text(): string }>;
  };
  config: { get<T = unknown>(path: string, fallback?: T): T | undefined };
}

/** `{ ok: true, data }` or `{ ok: false, error }`; never throws. */
export type Backend<T = Record<string, unknown>> = { ok: true; data: T } | { ok: false; error: string };

/** GETs a backend path and unwraps the `{ success, data | error }` envelope. */
export async function api<T = Record<string, unknown>>(
  ctx: BackendCtx,
  path: string,
  query?: Record<string, string | number | boolean>,
): Promise<Backend<T>> {
  try {
    const base = String(ctx.config.get("backend.url") ?? "").replace(/\/+$/, "");
    const res = await ctx.http.get(`${base}${path}`, { ...(query ? { query } : {}), timeoutMs: 30_000 });
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return { ok: false, error: `Backend answered ${res.status} without JSON.` };
    }
    const env = body as { success?: boolean; data?: T; error?: { message?: string } | string };
    if (env?.success === true) return { ok: true, data: env.data as T };
    const e = env?.error;
    return { ok: false, error: typeof e === "string" ? e : (e?.message ?? `Backend answered ${res.status}.`) };
  } catch (err) {
    return { ok: false, error: (err as Error)?.message ?? String(err) };
  }
}

const enc = encodeURIComponent;
/** Paths of the backend, one per check. */
export const paths = {
  health: () => "/v1/health",
  dns: (type: string, d: string) => `/v1/dns/${enc(type)}/${enc(d)}`,
  dnsAll: (d: string) => `/v1/dns/all/${enc(d)}`,
  propagation: (d: string) => `/v1/dns/propagation/${enc(d)}`,
  authoritative: (type: string, d: string) => `/v1/dns/authoritative/${enc(type)}/${enc(d)}`,
  ssl: (d: string, full = false) => `/v1/ssl/${enc(d)}${full ? "/full" : ""}`,
  whois: (d: string) => `/v1/whois/${enc(d)}/quick`,
  http: (d: string) => `/v1/http/headers/${enc(d)}/grade`,
  email: (d: string) => `/v1/email/full/${enc(d)}`,
  blacklist: (d: string) => `/v1/blacklist/domain/${enc(d)}`,
  geo: (d: string) => `/v1/geo/full/${enc(d)}`,
  ports: (d: string) => `/v1/ports/scan/${enc(d)}`,
  smtp: (d: string) => `/v1/smtp/test/${enc(d)}`,
  seo: () => `/v1/seo/meta`,
};

/** Runs one check of a domain against the backend. */
export async function runCheck(ctx: BackendCtx, check: string, domain: string): Promise<Backend> {
  switch (check) {
    case "dns":
      return api(ctx, paths.dnsAll(domain));
    case "ssl":
      return api(ctx, paths.ssl(domain), { port: 443 });
    case "whois":
      return api(ctx, paths.whois(domain));
    case "http":
      return api(ctx, paths.http(domain));
    case "email":
      return api(ctx, paths.email(domain));
    case "blacklist":
      return api(ctx, paths.blacklist(domain));
    case "geo":
      return api(ctx, paths.geo(domain));
    case "ports":
      return api(ctx, paths.ports(domain));
    case "smtp":
      return api(ctx, paths.smtp(domain));
    case "seo":
      return api(ctx, paths.seo(), { url: `https://${domain}` });
    case "propagation":
      return api(ctx, paths.propagation(domain), { record_type: "A" });
    default:
      return { ok: false, error: `Unknown check ${check}.` };
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of results. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (x: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
