// The REPL's schedule commands (SPEC 7.3): `/schedules` lists them as a table, `/schedule run <name>` runs one now
// (the kernel's `POST /v1/schedules/{name}/run`: same path and audit as a cron fire). `imperal dev` prints the short
// form at start.
import kleur from "kleur";
import type { KernelClient } from "../../chat/client.js";

/** One schedule as `GET /v1/schedules` lists it (only the fields shown here). */
export interface ScheduleRow {
  name: string;
  cron: string;
  description?: string;
  next_run_at: string | null;
  running?: boolean;
  last_run?: { at: string; status: string; duration_ms: number; error?: string };
}

/** What a run answers. */
export interface ScheduleRunAnswer {
  name: string;
  status: string;
  duration_ms: number;
  error?: string;
}

const STATUS_COLOR: Record<string, (s: string) => string> = {
  executed: kleur.green,
  skipped: kleur.yellow,
  running: kleur.cyan,
};

function colorStatus(status: string): string {
  return (STATUS_COLOR[status] ?? kleur.red)(status);
}

/** `2030-01-01T10:00:00.000Z` -> `2030-01-01 10:00Z` (schedules are minute-grained, UTC). */
function shortTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z");
}

/** The `/schedules` table: name, cron, next run, last status (with its error), one line each. */
export function scheduleTable(list: readonly ScheduleRow[]): string[] {
  if (!list.length) return [kleur.dim("  (this extension declares no schedules)")];
  const cells = list.map((s) => {
    const last = s.running ? "running" : (s.last_run?.status ?? "never run");
    return [s.name, s.cron, shortTime(s.next_run_at), last, s.last_run?.error ?? ""];
  });
  const head = ["name", "cron", "next run (UTC)", "last status"];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const pad = (s: string, i: number) => s.padEnd(width[i]!);
  return [
    kleur.dim(`  ${head.map(pad).join("  ")}`),
    ...cells.map(([name, cron, next, last, error]) => {
      const color = last === "never run" ? kleur.dim : (STATUS_COLOR[last!] ?? kleur.red);
      const status = color(last!) + " ".repeat(width[3]! - last!.length);
      return `  ${kleur.bold(pad(name!, 0))}  ${pad(cron!, 1)}  ${pad(next!, 2)}  ${status}${error ? kleur.dim(`  ${error}`) : ""}`.trimEnd();
    }),
  ];
}

/** One line for a finished run: `✓ schedule digest executed 12 ms`. */
export function scheduleRunLine(r: ScheduleRunAnswer): string {
  const mark = r.status === "executed" ? kleur.green("✓") : r.status === "skipped" ? kleur.yellow("~") : kleur.red("✗");
  const err = r.error ? `  ${kleur.dim(r.error)}` : "";
  return `  ${mark} schedule ${kleur.bold(r.name)} ${colorStatus(r.status)} ${kleur.dim(`${r.duration_ms} ms`)}${err}`;
}

/** The short block `imperal dev` prints at start: one line per schedule with its cron and next run; none: nothing. */
export function scheduleSummary(list: readonly ScheduleRow[]): string[] {
  if (!list.length) return [];
  const names = list.map((s) => `${s.name} ${kleur.dim(`(${s.cron}, next ${shortTime(s.next_run_at)})`)}`);
  return [`  ${kleur.cyan("➜")} schedules ${names.join(", ")} ${kleur.dim("— /schedules, /schedule run <name>")}`];
}

/** The schedules of the serving build. */
export async function fetchSchedules(client: KernelClient): Promise<ScheduleRow[]> {
  const body = await client.request<{ schedules?: ScheduleRow[] }>("GET", "/v1/schedules");
  return Array.isArray(body?.schedules) ? body.schedules : [];
}

/** Runs `/schedules` or `/schedule run <name>`; returns the lines to print. */
export async function scheduleCommand(client: KernelClient, name: string, args: string[]): Promise<string[]> {
  if (name === "schedules") return scheduleTable(await fetchSchedules(client));
  if (args[0] !== "run" || !args[1] || args.length > 2)
    return [kleur.red("  usage: /schedule run <name>") + kleur.dim("  (/schedules lists them)")];
  const r = await client.request<ScheduleRunAnswer>("POST", `/v1/schedules/${encodeURIComponent(args[1])}/run`);
  return [scheduleRunLine(r)];
}
