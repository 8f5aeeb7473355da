// A testing-kit session: one user whose cache persists across calls, ctx.http forwarded to the loopback gateway.
/* eslint-disable @typescript-eslint/no-explicit-any -- results and UI trees are untyped JSON read by assertions */
import { runPlatform } from "@imperal/sdk";
import { panelTool, platformTool, skeletonRefreshTool } from "@imperal/sdk/patterns";
import { createTestContext, invoke, type TestHttpHandler } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";
import { SERVICE_TOKEN } from "./gateway-stub.js";

export type Result = {
  status: string;
  summary: string;
  data: any;
  error?: string;
  error_code?: string;
  retryable?: boolean;
  refresh_panels?: string[];
};

/** The testing kit's ctx.http sends every request over real HTTP (the gateway listens on 127.0.0.1 only). */
export const forward: TestHttpHandler = async (req) => {
  if (new URL(req.url).hostname !== "127.0.0.1") throw new Error(`test refused a non-loopback request: ${req.url}`);
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
};

/** Options of a session. */
export interface SessionOptions {
  user?: string;
  tenant?: string;
  gatewayUrl: string;
  /** false = the service token secret is left unset. */
  token?: boolean;
}

/** One user: `call` runs a function, `panel` renders a panel, `skeleton` refreshes `rules`, `event` delivers one. */
export function session(o: SessionOptions) {
  const user = { imperalId: o.user ?? "alice", tenantId: o.tenant ?? "default" };
  const config = { app: { gateway: { url: o.gatewayUrl } } };
  const secrets: Record<string, string> = o.token === false ? {} : { service_token: SERVICE_TOKEN };
  const ctx = createTestContext({ ext, user, config, secrets, http: forward });
  const sibling = <K extends "panel" | "skeleton">(kind: K) =>
    createTestContext({ ext, kind, user, config, http: forward, backends: ctx.test.backends });
  const call = async (tool: string, args: Record<string, unknown> = {}): Promise<Result> => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as Result;
  };
  const panel = async (id: string, props: Record<string, unknown> = {}) => {
    const out = await invoke(ext, panelTool(id), props, { ctx: sibling("panel") });
    if (!out.ok) throw new Error(`panel ${id} failed: ${out.code} ${out.message}`);
    return out.result as any;
  };
  const skeleton = async () => {
    const out = await invoke(ext, skeletonRefreshTool("rules"), {}, { ctx: sibling("skeleton") });
    if (!out.ok) throw new Error(`skeleton failed: ${out.code} ${out.message}`);
    return (out.result as { response: any }).response;
  };
  const event = async (type: string, data: unknown) =>
    runPlatform(
      ext,
      platformTool({ kind: "event", type }),
      { event: { type, app_id: "platform", user_id: user.imperalId, tenant_id: user.tenantId, ts: "", data } },
      ctx,
    );
  return { ctx, call, panel, skeleton, event };
}

/** Every node of a UI tree with `type` (depth-first). */
export function nodes(tree: unknown, type: string, out: any[] = []): any[] {
  if (Array.isArray(tree)) for (const t of tree) nodes(t, type, out);
  else if (tree && typeof tree === "object") {
    const n = tree as { type?: unknown; props?: Record<string, unknown> };
    if (n.type === type && n.props) out.push(n);
    for (const v of Object.values(n.props ?? (tree as Record<string, unknown>)))
      if (v && typeof v === "object") nodes(v, type, out);
  }
  return out;
}
