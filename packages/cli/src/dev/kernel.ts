import type { Kernel, KernelOptions, UserConfig } from "@imperal/local-kernel";
import { isValidUserId } from "@imperal/sdk/patterns";
import { CliError, EXIT } from "../errors.js";

/** Import createKernel from @imperal/local-kernel (a clear error when it is not built). */
export async function loadKernelFactory(): Promise<(o: KernelOptions) => Promise<Kernel>> {
  // Loaded on first use, not when the CLI starts: an unbuilt kernel then fails here with E_KERNEL_MISSING, and commands
  // that never boot a kernel never load it. The export is checked at run time because a stale dist may lack it.
  const spec = "@imperal/local-kernel";
  try {
    const mod = (await import(spec)) as { createKernel?: (o: KernelOptions) => Promise<Kernel> };
    if (typeof mod.createKernel !== "function") throw new Error("@imperal/local-kernel exports no createKernel");
    return mod.createKernel;
  } catch (e) {
    throw new CliError(
      "E_KERNEL_MISSING",
      `cannot load @imperal/local-kernel: ${(e as Error).message}`,
      "run `pnpm build` at the repository root",
      EXIT.INTERNAL,
    );
  }
}

/** Parse `--user id[:scope,scope]` (repeatable); the first user acts in the REPL. */
export function parseUserFlag(value: string): UserConfig {
  const i = value.indexOf(":");
  const id = (i < 0 ? value : value.slice(0, i)).trim();
  if (!isValidUserId(id)) {
    throw new CliError(
      "E_BAD_USER",
      `invalid user id "${id}" in --user ${value}`,
      "use --user id or --user id:scope,scope (e.g. --user alice:notes:read,notes:write)",
    );
  }
  if (i < 0) return { id };
  const scopes = value
    .slice(i + 1)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { id, scopes };
}
