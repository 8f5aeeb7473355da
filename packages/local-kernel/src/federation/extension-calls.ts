// `ctx.extensions.call(appId, name, params)` between loaded extensions (SPEC 7.6): scope, depth and cycle checks,
// then the callee's exposed method runs in its own worker with a ctx of the same user, audited with caller_app_id.
import { hasScope } from "../authz/authz.js";
import type { ExtensionCall } from "../clients/router.js";
import { clientError } from "../errors.js";
import type { Kernel } from "../api.js";

/** Calls deeper than this are refused with CALL_DEPTH_EXCEEDED. */
export const MAX_CALL_DEPTH = 7;

/** Options of {@link serveExtensionCall}. */
export interface ExtensionCallDeps {
  /** The loaded extensions by app id. */
  kernels: ReadonlyMap<string, Kernel>;
  /** The extension whose handler made the call. */
  from: string;
  timeoutMs: number;
}

/** Serves one `ctx.extensions.call`; resolves to the callee's ActionResult JSON or rejects with a coded error. */
export async function serveExtensionCall(d: ExtensionCallDeps, c: ExtensionCall): Promise<unknown> {
  const stack = c.stack.length ? [...c.stack] : [d.from];
  const target = typeof c.appId === "string" ? d.kernels.get(c.appId) : undefined;
  if (!target)
    throw clientError(
      "NotFound",
      "NOT_FOUND",
      `No extension ${JSON.stringify(c.appId)} is loaded; loaded: ${[...d.kernels.keys()].join(", ")}.`,
      "Load it beside this one (createKernel({ extensionDirs }) or imperal dev --with <dir>).",
    );
  const appId = c.appId as string;
  if (stack.includes(appId))
    throw clientError(
      "CircularCallError",
      "CIRCULAR_CALL",
      `Circular extension call: ${[...stack, appId].join(" -> ")}.`,
      "Break the cycle: an extension on the call stack cannot be called again.",
    );
  if (stack.length >= MAX_CALL_DEPTH)
    throw clientError(
      "ImperalError",
      "CALL_DEPTH_EXCEEDED",
      `Extension calls are nested deeper than ${MAX_CALL_DEPTH}: ${[...stack, appId].join(" -> ")}.`,
      "Call fewer extensions in a chain.",
    );
  const info = target.internal.info();
  const exposed = info?.platform?.exposed ?? [];
  const method = exposed.find((x) => x.name === c.name);
  if (!method)
    throw clientError(
      "NotFound",
      "NOT_FOUND",
      `${appId} exposes no method ${JSON.stringify(c.name)}; it exposes: ${exposed.map((x) => x.name).join(", ") || "(nothing)"}.`,
      "Call one of the exposed methods (ext.expose in the target extension).",
    );
  const caller = d.kernels.get(d.from)!.internal.info();
  const granted = caller?.capabilities ?? [];
  const scopes = [`${appId}:${method.actionType}`, `extensions:${method.actionType}`];
  if (!scopes.some((s) => hasScope(granted, s)))
    throw clientError(
      "ImperalError",
      "FORBIDDEN_SCOPE",
      `${d.from} may not call ${appId}.${method.name} (${method.actionType}): it needs one of ${scopes.join(", ")} or *.`,
      `Add "${scopes[0]}" to the capabilities of ${d.from}.`,
    );
  const user = target.internal.user(c.user.id);
  if (!user)
    throw clientError(
      "NotFound",
      "NOT_FOUND",
      `User ${c.user.id} is not known to ${appId}.`,
      "Configure the same users for every loaded extension.",
    );
  const run = await target.internal.platform.run({
    user,
    target: { kind: "expose", name: method.name },
    args: { params: c.params ?? {} },
    kind: "chat",
    timeoutMs: d.timeoutMs,
    source: "extension",
    actionType: method.actionType,
    stack: [...stack, appId],
  });
  if (run.status === "executed") return run.result;
  throw clientError(
    run.code === "NOT_FOUND" ? "NotFound" : run.code === "CIRCULAR_CALL" ? "CircularCallError" : "ImperalError",
    run.code ?? "HANDLER_ERROR",
    `${appId}.${method.name} failed: ${run.error ?? run.status}`,
    "See the callee's audit row and log for the cause.",
  );
}
