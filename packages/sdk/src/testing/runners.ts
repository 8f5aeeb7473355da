// Running schedules and webhooks in tests the way the kernel runs them (SPEC 7.3, 7.5).
import { NotFound, SDK_ERROR_CODES } from "../errors/index.js";
import { getRegistry } from "../registry/surface.js";
import type { WebhookReply } from "../registry/types.js";
import { replyOf } from "../dispatch/platform.js";
import { createTestContext, type TestContext } from "./context.js";

export { replyOf };

/** What one schedule run reports (the kernel audits the same statuses). */
export interface ScheduleRun {
  name: string;
  status: "executed" | "failed";
  result?: unknown;
  error?: string;
}

/** Runs schedule `name` once with a system ctx (default: a fresh one); a throw is `failed` with the message. */
export async function invokeSchedule(
  ext: unknown,
  name: string,
  opts: { ctx?: TestContext<"system"> } = {},
): Promise<ScheduleRun> {
  const s = getRegistry(ext).schedules.find((x) => x.name === name);
  if (!s) {
    const names = getRegistry(ext).schedules.map((x) => x.name);
    throw new NotFound(`No schedule named "${name}".`, `Use one of: ${names.join(", ") || "(none registered)"}.`);
  }
  try {
    const result = await s.handler(opts.ctx ?? createTestContext({ ext, kind: "system" }));
    return { name, status: "executed", ...(result !== undefined ? { result } : {}) };
  } catch (e) {
    return { name, status: "failed", error: (e as Error)?.message ?? String(e) };
  }
}

/** A webhook request in a test. */
export interface TestWebhookRequest {
  method?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | object;
}

/** Serves one webhook request as the kernel does: 404 unknown, 401 without its secret header, 500 on a throw. */
export async function invokeWebhook(
  ext: unknown,
  path: string,
  req: TestWebhookRequest = {},
  opts: { ctx?: TestContext<"webhook"> } = {},
): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  const method = (req.method ?? "POST").toUpperCase();
  const w = getRegistry(ext).webhooks.find((x) => x.path === path && x.method === method);
  if (!w)
    return {
      status: 404,
      headers: {},
      body: { error: { code: SDK_ERROR_CODES.NOT_FOUND, message: `No webhook ${method} ${path}.` } },
    };
  const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (w.secretHeader && headers[w.secretHeader.toLowerCase()] === undefined)
    return {
      status: 401,
      headers: {},
      body: { error: { code: SDK_ERROR_CODES.WEBHOOK_UNAUTHORIZED, message: `Missing ${w.secretHeader}.` } },
    };
  const body = typeof req.body === "string" ? req.body : req.body === undefined ? "" : JSON.stringify(req.body);
  try {
    const out = (await w.handler(opts.ctx ?? createTestContext({ ext, kind: "webhook" }), {
      method,
      path,
      headers,
      query: { ...(req.query ?? {}) },
      body,
      json: () => JSON.parse(body) as unknown,
    })) as WebhookReply | undefined;
    return replyOf(out);
  } catch (e) {
    return {
      status: 500,
      headers: {},
      body: { error: { code: SDK_ERROR_CODES.HANDLER_ERROR, message: (e as Error)?.message ?? String(e) } },
    };
  }
}
