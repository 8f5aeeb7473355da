import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateFile, PRIVATE_FILE_MODE } from "./state/paths.js";

/** Kernel log sink; never receives secret values. */
export type KernelLog = (
  level: "debug" | "info" | "warn" | "error",
  message: string,
  detail?: Record<string, unknown>,
) => void;

/** The kernel log: JSON lines in `<stateDir>/kernel.log` (mode 0600), mirrored to an optional extra sink. */
export function createKernelLog(stateDir: string, extra?: KernelLog): KernelLog {
  const path = join(stateDir, "kernel.log");
  try {
    ensurePrivateFile(path); // an existing 0644 log from an older run becomes 0600 too
  } catch {
    /* logging never breaks the kernel */
  }
  return (level, message, detail) => {
    try {
      const line = JSON.stringify({ ts: new Date().toISOString(), level, message, ...(detail ?? {}) });
      appendFileSync(path, line + "\n", { mode: PRIVATE_FILE_MODE });
    } catch {
      /* logging never breaks a call */
    }
    extra?.(level, message, detail);
  };
}
