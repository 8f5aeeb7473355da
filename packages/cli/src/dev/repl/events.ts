// The events the REPL shows between turns, as one typed union. Events reach the REPL as JSON over SSE from two
// sources — the dev loop's own (`build_start`, `build_ok`, `build_error`) and the kernel's `KernelEvent`s, wrapped
// in their `{ seq, type, ts, userId?, data }` envelope — so this module is the one place that reads untyped JSON;
// render.ts switches exhaustively over what it returns.

/** One event as the REPL understands it. */
export type ReplEvent =
  | { kind: "build_start"; files: string[] }
  | { kind: "build_ok"; buildMs: unknown; reloadMs: unknown }
  /** Ours: `{ files, error: { text, lineText } }`; the kernel's (a build that compiled but did not load): `{ code, message, fix }`. */
  | { kind: "build_error"; text?: string; code?: string; message?: string; lineText?: string; fix?: string }
  | { kind: "notification"; text: string }
  | { kind: "result"; ok: boolean; tool?: string; text: string }
  | { kind: "progress"; tool?: string; percent?: number; message?: string }
  | { kind: "skeleton_refresh"; section: string; failed: boolean; changed: unknown; code?: string; message?: string }
  | { kind: "skeleton_alert"; text: string }
  | { kind: "reload" }
  /** The dev loop's background type check + validators of the serving build. */
  | {
      kind: "build_check";
      typeErrors: number;
      validationErrors: number;
      validationWarnings: number;
      /** The first findings, one `file:line:col message` line each. */
      first: string[];
      skipped: string[];
    };

/** Every kind, for tests and exhaustiveness checks. */
export type ReplEventKind = ReplEvent["kind"];

import { shortJson } from "./short-json.js";

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The event's own fields: the kernel's envelope `{ seq, type, ts, userId?, data }` is opened. */
function payload(data: unknown): Json {
  const d = (data && typeof data === "object" ? data : {}) as Json;
  if (d.data && typeof d.data === "object" && !Array.isArray(d.data) && ("seq" in d || "ts" in d)) {
    return { ...(d.data as Json), user_id: d.userId ?? (d.data as Json).user_id };
  }
  return d;
}

/** Reads one SSE event into a ReplEvent; undefined for events the REPL does not show. */
export function toReplEvent(type: string, data: unknown): ReplEvent | undefined {
  const d = payload(data);
  switch (type.replace(/[.:]/g, "_")) {
    case "build_start":
      return { kind: "build_start", files: Array.isArray(d.files) ? (d.files as string[]) : [] };
    case "build_ok":
      return { kind: "build_ok", buildMs: d.build_ms, reloadMs: d.reload_ms };
    case "build_error": {
      const e = (d.error ?? d) as Json;
      return {
        kind: "build_error",
        text: str(e.text),
        code: str(e.code),
        message: str(e.message),
        lineText: str(e.lineText),
        fix: str(e.fix),
      };
    }
    case "notification":
    case "notify":
      return { kind: "notification", text: String(d.message ?? d.text ?? shortJson(d)) };
    case "promoted_result":
    case "promoted":
    case "result": {
      const r = (d.result ?? (Array.isArray(d.results) ? d.results[0] : undefined) ?? {}) as Json;
      const ok = d.outcome ? d.outcome === "completed" : r.status !== "error";
      const text = (typeof d.reply === "string" && d.reply) || String(r.summary ?? r.error ?? shortJson(d));
      return { kind: "result", ok, ...(d.tool ? { tool: String(d.tool) } : {}), text };
    }
    case "progress":
      return {
        kind: "progress",
        ...(d.tool ? { tool: String(d.tool) } : {}),
        ...(typeof d.percent === "number" ? { percent: d.percent } : {}),
        ...(d.message ? { message: String(d.message) } : {}),
      };
    case "skeleton_refresh":
    case "skeleton_refreshed":
    case "skeleton": {
      const e = (d.error ?? d) as Json;
      const failed = d.ok === false || !!d.error;
      return {
        kind: "skeleton_refresh",
        section: String(d.section ?? "?"),
        failed,
        changed: d.changed,
        code: str(e.code),
        message: str(e.message),
      };
    }
    case "skeleton_alert":
    case "alert":
      return { kind: "skeleton_alert", text: String(d.message ?? d.alert ?? shortJson(d)) };
    case "reload":
    case "reloaded":
      return { kind: "reload" };
    case "build_check": {
      const tc = (d.typecheck ?? {}) as Json;
      const v = (d.validation ?? {}) as Json;
      const at = (f: Json) => `${str(f.file) ?? "?"}:${Number(f.line) || 0}:${Number(f.column) || 0}`;
      const first = [
        ...(Array.isArray(tc.errors) ? (tc.errors as Json[]) : []).map((e) => `${at(e)} ${str(e.message) ?? ""}`),
        ...(Array.isArray(v.findings) ? (v.findings as Json[]) : []).map(
          (f) => `${at(f)} ${str(f.rule) ?? ""} ${str(f.severity) ?? ""}: ${str(f.message) ?? ""}`,
        ),
      ].slice(0, 5);
      return {
        kind: "build_check",
        typeErrors: Number(tc.errorCount) || 0,
        validationErrors: Number(v.errorCount) || 0,
        validationWarnings: Number(v.warningCount) || 0,
        first,
        skipped: [str(tc.skipped), str(v.skipped)].filter((x): x is string => !!x),
      };
    }
    default:
      return undefined;
  }
}
