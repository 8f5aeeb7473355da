// A testing-kit session: one user whose store, cache and storage persist across chat calls, panel renders and
// skeleton refreshes.
import { createTestBackends, createTestContext, invoke, type TestBackends } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";

export type Result = {
  status: string;
  summary: string;
  data: any;
  error?: string;
  error_code?: string;
  refresh_panels?: string[];
  ui?: any;
};

/** One in-memory user: `call` runs a function, `panel` renders a panel, `skeleton` refreshes the section. */
export function session(user = "alice", backends: TestBackends = createTestBackends()) {
  const ctx = createTestContext({ ext, user: { imperalId: user }, backends });
  const call = async (tool: string, args: Record<string, unknown> = {}): Promise<Result> => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as Result;
  };
  /** Like `call`, for an answer the dispatcher refuses (validation): returns the outcome. */
  const attempt = (tool: string, args: Record<string, unknown> = {}) => invoke(ext, tool, args, { ctx });
  const panel = async (id: string, props: Record<string, unknown> = {}) => {
    const pctx = createTestContext({ ext, kind: "panel", user: { imperalId: user }, backends });
    const out = await invoke(ext, `__panel__${id}`, props, { ctx: pctx });
    if (!out.ok) throw new Error(`panel ${id} failed: ${out.code} ${out.message}`);
    return out.result as any;
  };
  const skeleton = async () => {
    const sctx = createTestContext({ ext, kind: "skeleton", user: { imperalId: user }, backends });
    const out = await invoke(ext, "skeleton_refresh_notes", {}, { ctx: sctx });
    if (!out.ok) throw new Error(`skeleton failed: ${out.code} ${out.message}`);
    return (out.result as { response: any }).response;
  };
  /** Creates a note and returns its id. */
  const note = async (title: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await call("create_note", { title, ...extra })).data.note_id;
  return { ctx, backends, call, attempt, panel, skeleton, note };
}

/** Every node (type and props) of a UI tree, depth-first. */
export function nodes(tree: unknown, out: Array<{ type: string; props: any }> = []) {
  if (Array.isArray(tree)) for (const t of tree) nodes(t, out);
  else if (tree && typeof tree === "object") {
    const n = tree as { type?: unknown; props?: Record<string, unknown> };
    if (typeof n.type === "string" && n.props) out.push(n as { type: string; props: any });
    for (const v of Object.values(n.props ?? (tree as Record<string, unknown>)))
      if (v && typeof v === "object") nodes(v, out);
  }
  return out;
}

/** The tree as JSON with every id in `names` replaced by its readable name, so snapshots are stable. */
export function named(tree: unknown, names: Record<string, string>): unknown {
  let json = JSON.stringify(tree);
  for (const [id, name] of Object.entries(names)) json = json.split(id).join(`<${name}>`);
  return JSON.parse(json);
}
