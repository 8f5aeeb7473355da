// Tool and panel names when several extensions share a kernel (SPEC 7.6): `{app_id}__{name}` always works, the bare
// name when exactly one loaded extension has it. Pure, so the rule is testable on its own.
import { qualifiedToolName, splitQualifiedToolName } from "@imperal/sdk/patterns";
import { KernelError } from "../errors.js";

/** One loaded extension's names. */
export interface NamedApp {
  appId: string;
  names: readonly string[];
}

/** Where a name points: the extension and its bare name. */
export interface ResolvedName {
  appId: string;
  name: string;
}

/**
 * Resolves a wire name: qualified names go to their extension; a bare name to the one extension that has it.
 * Throws 409 AMBIGUOUS_TOOL (listing the qualified names) when several have it; undefined when none does.
 */
export function resolveName(name: string, apps: readonly NamedApp[], what = "tool"): ResolvedName | undefined {
  const q = splitQualifiedToolName(name);
  if (q) {
    const app = apps.find((a) => a.appId === q.appId);
    if (app && app.names.includes(q.name)) return q;
  }
  const owners = apps.filter((a) => a.names.includes(name));
  if (owners.length === 1) return { appId: owners[0]!.appId, name };
  if (owners.length > 1) {
    const choices = owners.map((a) => qualifiedToolName(a.appId, name));
    throw new KernelError(
      "AMBIGUOUS_TOOL",
      `Several loaded extensions have a ${what} named "${name}": ${choices.join(", ")}.`,
      `Use the qualified name, e.g. ${choices[0]}.`,
      409,
    );
  }
  return undefined;
}
