// Webhooks (SPEC 7.5): `/v1/ext/{app_id}/webhook/{path}` on the kernel's port, WITHOUT the bearer token (external
// callers; loopback only like every route). The registration decides the method (405 otherwise) and, with
// `secretHeader`, a request lacking that header is 401 before the handler runs; checking its value is the handler's
// job. The handler runs as `__webhook__` through the platform runner (audited `__webhook__{path}`).
import { platformTool } from "@imperal/sdk/patterns";
import { KernelError } from "../errors.js";
import type { RouteContext, RouteDef } from "../http/server.js";
import type { PlatformRunner } from "../platform/runner.js";
import type { ReadyInfo } from "../worker/protocol.js";
import { sendReply, type WebhookWireReply } from "./reply.js";

/** The URL prefix served without the bearer token; everything below it is a webhook of a loaded extension. */
export const WEBHOOK_ROUTE = "/v1/ext/{app_id}/webhook/{path*}";

/** The extension a webhook request is for: its serving build and the runner of its handlers. */
export interface WebhookTarget {
  platform: Pick<PlatformRunner, "run" | "webhookUser">;
  info: () => ReadyInfo | undefined;
}

/** What the webhook route needs: the loaded extension of an app id (several in a kernel group, SPEC 7.6). */
export interface WebhookRouteDeps {
  target: (appId: string) => WebhookTarget | undefined;
  timeoutMs: number;
}

/** `http://127.0.0.1:<port>/v1/ext/<app_id>/webhook/<path>` of each webhook of a build (what `imperal dev` prints). */
export function webhookUrls(baseUrl: string, info: ReadyInfo | undefined): Array<{ method: string; url: string }> {
  return (info?.platform?.webhooks ?? []).map((w) => ({
    method: w.method,
    url: `${baseUrl}/v1/ext/${info!.appId}/webhook/${w.path}`,
  }));
}

/** The public webhook route (any method; the registration decides). */
export function webhookRoute(d: WebhookRouteDeps): RouteDef {
  return { method: "*", pattern: WEBHOOK_ROUTE, public: true, handler: (c) => serveWebhook(d, c) };
}

async function serveWebhook(d: WebhookRouteDeps, c: RouteContext): Promise<void> {
  const method = (c.req.method ?? "GET").toUpperCase();
  const appId = c.params.app_id!;
  const t = d.target(appId);
  const info = t?.info();
  const path = c.params.path!;
  if (!info || info.appId !== appId)
    throw new KernelError(
      "NOT_FOUND",
      `No extension ${JSON.stringify(appId)} is loaded here.`,
      `Send webhooks to /v1/ext/${info?.appId ?? "<app_id>"}/webhook/<path>.`,
      404,
    );
  const hooks = (info.platform?.webhooks ?? []).filter((w) => w.path === path);
  if (hooks.length === 0)
    throw new KernelError(
      "NOT_FOUND",
      `${appId} has no webhook ${JSON.stringify(path)}.`,
      `Registered: ${(info.platform?.webhooks ?? []).map((w) => `${w.method} ${w.path}`).join(", ") || "(none)"}.`,
      404,
    );
  const hook = hooks.find((w) => w.method === method);
  if (!hook) {
    c.res.setHeader("allow", hooks.map((w) => w.method).join(", "));
    throw new KernelError(
      "METHOD_NOT_ALLOWED",
      `${method} is not allowed on webhook ${path}.`,
      `Send ${hooks.map((w) => w.method).join(" or ")}.`,
      405,
    );
  }
  if (hook.secretHeader) {
    const got = c.req.headers[hook.secretHeader.toLowerCase()];
    if (got === undefined || (Array.isArray(got) ? got.join("") : got) === "")
      throw new KernelError(
        "WEBHOOK_UNAUTHORIZED",
        `Webhook ${path} requires the ${hook.secretHeader} header.`,
        `Send ${hook.secretHeader}: <the secret the sender was configured with>.`,
        401,
      );
  }
  const body = (await c.rawBody()).toString("utf8"); // bounded: over 1 MiB is 413 before the handler runs
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  const query = Object.fromEntries(c.query.entries());
  const r = await t!.platform.run({
    user: t!.platform.webhookUser(),
    target: { kind: "webhook", path },
    args: { request: { method, path, headers, query, body } },
    kind: "webhook",
    source: "webhook",
    timeoutMs: d.timeoutMs,
  });
  if (r.status === "executed") return sendReply(c.res, r.result as WebhookWireReply);
  // External callers get the code and the audit id, never the handler's message or stack (those are in the log).
  const tool = platformTool({ kind: "webhook", path });
  const timedOut = r.status === "timeout";
  throw new KernelError(
    timedOut ? "TIMEOUT" : (r.code ?? "HANDLER_ERROR"),
    timedOut ? `Webhook ${path} did not answer in time.` : `Webhook ${path} failed.`,
    `The extension's author: see the kernel log and the audit row ${tool}${r.auditId ? ` (${r.auditId})` : ""}.`,
    timedOut ? 504 : 500,
  );
}
