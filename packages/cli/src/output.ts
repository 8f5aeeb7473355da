import kleur from "kleur";

/** Global output settings resolved once from flags and the environment. */
export interface OutputOptions {
  json: boolean;
  color: boolean;
  verbose: boolean;
}

/** Decide colour from --no-color, NO_COLOR, FORCE_COLOR and whether stdout is a TTY. */
export function resolveColor(
  flagColor: boolean | undefined,
  env = process.env,
  isTTY = !!process.stdout.isTTY,
): boolean {
  if (flagColor === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  return isTTY;
}

/** Apply the colour decision to kleur globally (kleur is shared by every reporter). */
export function applyColor(enabled: boolean): void {
  kleur.enabled = enabled;
}

/** Print the single JSON envelope that `--json` promises: `{ ok, command, ... }`. */
export function printEnvelope(command: string, ok: boolean, body: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ok, command, ...body }) + "\n");
}
