import type { ChatContext, HttpResponse } from "@imperal/sdk";

/** Used when the user did not set `api_base_url`. */
export const DEFAULT_BASE_URL = "https://tracker.example.com/api";

/** Why a request failed, already classified for the user-facing error codes. */
export type ApiFailure =
  | { kind: "not_connected" }
  | { kind: "auth"; status: number }
  | { kind: "not_found"; status: number }
  | { kind: "rate_limited"; retryAfterSeconds: number | null }
  | { kind: "upstream"; status: number }
  | { kind: "unreachable"; message: string };

/** The outcome of one API call. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; failure: ApiFailure };

type Method = "get" | "post" | "patch" | "delete";

/** Call the tracker API with the user's token; never throws for HTTP or network failures. */
export async function api<T>(
  ctx: ChatContext,
  method: Method,
  path: string,
  opts: { json?: unknown; query?: Record<string, string | number> } = {},
): Promise<ApiResult<T>> {
  const token = await ctx.secrets.get("api_token");
  if (!token) return { ok: false, failure: { kind: "not_connected" } };
  const base = ((await ctx.secrets.get("api_base_url")) || DEFAULT_BASE_URL).replace(/\/+$/, "");
  let res: HttpResponse;
  try {
    res = await ctx.http[method](`${base}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      ...(opts.json !== undefined ? { json: opts.json } : {}),
      ...(opts.query ? { query: opts.query } : {}),
      timeoutMs: 15_000,
    });
  } catch (err) {
    return { ok: false, failure: { kind: "unreachable", message: err instanceof Error ? err.message : String(err) } };
  }
  if (res.status === 401 || res.status === 403) return { ok: false, failure: { kind: "auth", status: res.status } };
  if (res.status === 404) return { ok: false, failure: { kind: "not_found", status: res.status } };
  if (res.status === 429) {
    const after = Number(res.headers["retry-after"]);
    return { ok: false, failure: { kind: "rate_limited", retryAfterSeconds: Number.isFinite(after) ? after : null } };
  }
  if (!res.ok) return { ok: false, failure: { kind: "upstream", status: res.status } };
  return { ok: true, status: res.status, data: (res.body ? res.json() : null) as T };
}
