/**
 * Extension worker: imports one built bundle, finds the exported Extension by brand and answers calls with the
 * SDK's `executeTool`. Every ctx client is a proxy to the kernel thread (which owns SQLite, files and secrets).
 *
 * Started with `workerData.bundlePath` it loads that bundle at once. Started without one it is a pre-warmed spare:
 * it imports the SDK (and zod through it) and the guards now, then waits for `{ t: "load", bundlePath }` — a hot
 * reload then only pays for importing the bundle itself.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { MAX_RESULT_BYTES } from "../../limits.js";
import { loadGuards, loadSdk, type SdkMain } from "../../sdk.js";
import type { PlatformInfo } from "@imperal/sdk";
import type { FromWorker, ReadyInfo, ToolInfo, ToWorker, WireError } from "../protocol.js";
import { createWorkerCtx, type SchemaLike } from "./ctx.js";
import { boundMemory, currentCall, overLimit } from "./memory.js";
import { REHEARSAL_INFO, rehearse } from "./rehearsal.js";

// Stacks of handlers and of a bundle that throws while loading point at src/ (file:line), not dist/: the bundles carry
// source maps (linked .map files), and Node applies them only when asked to before the bundle is imported.
process.setSourceMapsEnabled(true);

const port = parentPort!;
const { bundlePath: initialBundle, memoryLimitBytes } = (workerData ?? {}) as {
  bundlePath?: string | null;
  memoryLimitBytes?: number;
};
// Before anything else is imported: the bundle's module scope is bounded too.
if (memoryLimitBytes) boundMemory(memoryLimitBytes, (bytes) => post({ t: "memory_exceeded", bytes }));

function post(m: FromWorker): void {
  port.postMessage(m);
}

function wire(err: unknown): WireError {
  const e = err as { name?: string; code?: string; message?: string; fix?: string; stack?: string };
  return {
    name: e?.name ?? "Error",
    code: typeof e?.code === "string" ? e.code : "WORKER_ERROR",
    message: String(e?.message ?? err),
    fix: e?.fix,
    detail: e?.stack,
  };
}

let sdk: SdkMain;
let ext: unknown;
let surface: Array<Record<string, unknown> & { name: string; kind: string; actionType: string }> = [];
let platform: PlatformInfo | null = null;
const byName = new Map<string, Record<string, unknown>>();
const controllers = new Map<number, AbortController>();

const worker = createWorkerCtx({
  sdk: () => sdk,
  ext: () => ext,
  platform: () => platform,
  post,
});
const { makeCtx, revive } = worker;

function toolInfo(t: Record<string, unknown> & { name: string; kind: string; actionType: string }): ToolInfo {
  const pick = <K extends string>(k: K) => (t[k] !== undefined ? { [k]: t[k] } : {});
  return {
    name: t.name,
    kind: t.kind as ToolInfo["kind"],
    description: String(t.description ?? ""),
    actionType: t.actionType as ToolInfo["actionType"],
    ...pick("chainCallable"),
    ...pick("idProjection"),
    ...pick("scopes"),
    ...pick("longRunning"),
    ...pick("event"),
    ...pick("section"),
    ...pick("refreshOn"),
    ...pick("panelId"),
    ...pick("sensitive"),
    hasParams: t.params !== undefined,
  } as ToolInfo;
}

async function handle(m: Exclude<ToWorker, { t: "load" }>): Promise<void> {
  if (m.t === "rpc_res") {
    worker.settle(m);
    return;
  }
  if (m.t === "ping") {
    post({ t: "pong", id: m.id });
    return;
  }
  if (m.t === "cancel") {
    controllers.get(m.id)?.abort(revive({ name: "TaskCancelled", code: "TASK_CANCELLED", message: m.reason }));
    return;
  }
  if (m.t === "validate") {
    let outcome: unknown;
    try {
      const tool = byName.get(m.tool);
      if (!tool) outcome = { ok: false, code: "UNKNOWN_TOOL", message: `No tool named ${m.tool}.` };
      else if (!tool.params) outcome = { ok: true };
      else {
        const guards = await loadGuards();
        if (guards.validateParams) {
          const r = guards.validateParams(tool.params, m.args, { attempt: m.attempt });
          outcome = r.ok ? { ok: true } : r;
        } else {
          const r = (tool.params as SchemaLike).safeParse(m.args);
          outcome = r.success
            ? { ok: true }
            : { ok: false, code: "VALIDATION_FAILED", message: "The arguments do not match the tool's schema." };
        }
      }
    } catch (e) {
      outcome = {
        ok: false,
        code: "VALIDATION_FAILED",
        message: "The arguments could not be validated.",
        detail: (e as Error)?.stack,
      };
    }
    post({ t: "result", id: m.id, outcome: JSON.parse(JSON.stringify(outcome)) });
    return;
  }
  // call
  const ac = new AbortController();
  controllers.set(m.id, ac);
  let outcome: unknown;
  try {
    const ctx = makeCtx(m.id, m.ctx, ac.signal);
    // the signal reaches the handler through ctx.signal; the call id follows its async work (memory attribution)
    const run = sdk.platformTargetOf(m.tool)
      ? () => sdk.runPlatform(ext, m.tool, m.args, ctx)
      : () => sdk.executeTool(ext, m.tool, m.args, ctx, { attempt: m.attempt });
    outcome = await currentCall.run(m.id, run);
  } catch (e) {
    outcome = {
      ok: false,
      code: "HANDLER_ERROR",
      message: "Something went wrong while running this action.",
      detail: (e as Error)?.stack ?? String(e),
    };
  } finally {
    controllers.delete(m.id);
  }
  if (overLimit.delete(m.id)) {
    // Whatever the handler did with the RangeError: the call went past the limit.
    outcome = { ok: false, code: "MEMORY_LIMIT", message: "The action used more memory than allowed and was stopped." };
  }
  try {
    post({ t: "result", id: m.id, outcome: capResult(outcome) });
  } catch (e) {
    post({
      t: "result",
      id: m.id,
      outcome: {
        ok: false,
        code: "RESULT_NOT_SERIALIZABLE",
        message: "The action returned data that cannot be sent back.",
        detail: (e as Error).message,
      },
    });
  }
}

/**
 * A result whose JSON is over MAX_RESULT_BYTES becomes `RESULT_TOO_LARGE` here, in the worker: the kernel thread
 * never receives (clones, serializes, answers) it, so one huge answer cannot block the kernel for other users.
 */
function capResult(outcome: unknown): unknown {
  const o = outcome as { ok?: boolean; result?: unknown; tool?: string } | undefined;
  if (!o?.ok || o.result === undefined) return outcome;
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(o.result) ?? "", "utf8");
  } catch {
    return outcome; // not JSON (the SDK normally made it JSON already): posting decides, see RESULT_NOT_SERIALIZABLE
  }
  if (bytes <= MAX_RESULT_BYTES) return outcome;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return {
    ok: false,
    tool: o.tool,
    code: "RESULT_TOO_LARGE",
    message: "The action's answer was too large to send back.",
    detail: `result JSON is ${mib(bytes)}, over the ${mib(MAX_RESULT_BYTES)} limit; return less data (page it, or store it and return an id)`,
  };
}

async function main(bundlePath: string): Promise<void> {
  try {
    sdk = await loadSdk();
    const mod = (await import(pathToFileURL(bundlePath).href)) as Record<string, unknown>;
    const candidates = [mod.default, mod.ext, mod.extension, ...Object.values(mod)];
    ext = candidates.find((v) => v !== undefined && sdk.isExtension(v));
    if (!ext) {
      post({
        t: "load_error",
        error: {
          name: "ImperalError",
          code: "NO_EXTENSION_EXPORT",
          message: `${bundlePath} does not export an Extension.`,
          fix: "Export the extension from src/index.ts: export const ext = new Extension(...).",
        },
      });
      return;
    }
    surface = sdk.callableSurface(ext) as unknown as typeof surface;
    for (const t of surface) byName.set(t.name, t);
    try {
      platform = sdk.platformInfo ? sdk.platformInfo(ext) : null;
    } catch {
      platform = null; // a bundle built against an SDK without SPEC 7: it still serves its tools
    }
    let manifest: Record<string, unknown> | null = null;
    try {
      manifest = sdk.generateManifest
        ? (JSON.parse(JSON.stringify(sdk.generateManifest(ext))) as Record<string, unknown>)
        : null;
    } catch {
      manifest = null;
    }
    // Without a manifest (generation failed), read the registry the SDK keeps on the instance.
    let reg:
      { appId?: string; options?: { capabilities?: string[] }; secrets?: Array<Record<string, unknown>> } | undefined;
    try {
      reg = (sdk as unknown as { getRegistry?: (x: unknown) => typeof reg }).getRegistry?.(ext);
    } catch {
      reg = undefined;
    }
    const info: ReadyInfo = {
      appId: String((manifest?.app_id as string | undefined) ?? reg?.appId ?? ""),
      capabilities: ((manifest?.capabilities as string[] | undefined) ?? reg?.options?.capabilities ?? []).slice(),
      secrets: ((manifest?.secrets as Array<Record<string, unknown>> | undefined) ?? reg?.secrets ?? []).map((s) => ({
        name: String(s.name),
        description: s.description as string | undefined,
        writeMode: (s.write_mode ?? s.writeMode) as "user" | "extension" | "both" | undefined,
        maxBytes: (s.max_bytes ?? s.maxBytes) as number | undefined,
        required: s.required as boolean | undefined,
      })),
      tools: surface.map(toolInfo),
      manifest,
      platform,
    };
    post({ t: "ready", info });
  } catch (err) {
    post({ t: "load_error", error: { ...wire(err), code: "EXTENSION_LOAD_FAILED" } });
  }
}

// A handler's stray promise must not take the whole worker (and every in-flight call) down.
process.on("unhandledRejection", (reason) => {
  const e = reason as { stack?: string; message?: string };
  post({
    t: "log",
    callId: -1,
    level: "error",
    message: `unhandled rejection in the extension: ${e?.stack ?? e?.message ?? String(reason)}`,
  });
});

// One listener from the start: a spare must not miss its `load` message; calls only arrive after `ready`.
let loading = false;
port.on("message", (m: ToWorker) => {
  if (m.t === "load") {
    if (!loading) {
      loading = true;
      void main(m.bundlePath);
    }
    return;
  }
  void handle(m);
});
if (initialBundle) {
  loading = true;
  void main(initialBundle);
} else {
  // Spare: pay for the runtime (SDK + zod + guards) now, while nobody waits, then for compiling the code a load and its
  // first call run (a dry run on a throwaway extension, skipped once a build has arrived).
  void Promise.all([loadSdk(), loadGuards()])
    .then(([loaded, guards]) => {
      sdk ??= loaded;
      if (!loading) return rehearse(loaded, guards, (kind, signal) => makeCtx(0, { kind, ...REHEARSAL_INFO }, signal));
    })
    .catch(() => {
      /* reported by main() when the bundle loads */
    });
}
