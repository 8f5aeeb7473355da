// A testing-kit session: one user whose store persists across calls, the backend stubbed.
import { createTestContext, invoke } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";
import { httpHandler } from "./stub-backend.js";

export type Result = {
  status: string;
  summary: string;
  data: any;
  error?: string;
  error_code?: string;
  refresh_panels?: string[];
  ui?: any;
};

/** One in-memory user; `call` runs a function, `panel` renders a panel, `ctx.test` records progress. */
export function session(user = "alice", opts: { now?: number } = {}) {
  const ctx = createTestContext({
    ext,
    user: { imperalId: user },
    config: { app: { backend: { url: "https://backend.test" } } },
    http: httpHandler,
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  const call = async (tool: string, args: Record<string, unknown> = {}): Promise<Result> => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as Result;
  };
  const panel = async (id: string, props: Record<string, unknown> = {}) => {
    const pctx = createTestContext({ ext, kind: "panel", user: { imperalId: user }, backends: ctx.test.backends });
    const out = await invoke(ext, `__panel__${id}`, props, { ctx: pctx });
    if (!out.ok) throw new Error(`panel ${id} failed: ${out.code} ${out.message}`);
    return out.result as any;
  };
  return { ctx, call, panel };
}

/** Every node type in a UI tree (depth-first). */
export function nodeTypes(tree: unknown, out: string[] = []): string[] {
  if (Array.isArray(tree)) for (const t of tree) nodeTypes(t, out);
  else if (tree && typeof tree === "object") {
    const n = tree as { type?: unknown; props?: Record<string, unknown> };
    if (typeof n.type === "string" && n.props) out.push(n.type);
    for (const v of Object.values(n.props ?? (tree as Record<string, unknown>)))
      if (v && typeof v === "object") nodeTypes(v, out);
  }
  return out;
}
