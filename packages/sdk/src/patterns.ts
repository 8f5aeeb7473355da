// Single source of every identifier rule: the registry validates with these at registration time and the
// manifest zod schema (and so manifest.schema.json) embeds the same regexes.

/** `app_id` of an extension. */
export const APP_ID_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const SEMVER_NUMBER = String.raw`(0|[1-9]\d*)`;
const SEMVER_PRERELEASE_ID = String.raw`(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER_PRERELEASE = String.raw`(?:-(${SEMVER_PRERELEASE_ID}(?:\.${SEMVER_PRERELEASE_ID})*))?`;
const SEMVER_BUILD = String.raw`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?`;
/** Semantic version 2.0.0 (the official semver.org regex, assembled from parts to keep lines short). */
export const SEMVER_PATTERN = new RegExp(
  String.raw`^${SEMVER_NUMBER}\.${SEMVER_NUMBER}\.${SEMVER_NUMBER}${SEMVER_PRERELEASE}${SEMVER_BUILD}$`,
);
/** Capability / scope grant: a bare `*` or `ns:part[:part...]`. */
export const CAPABILITY_PATTERN = /^\*$|^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$/;
/** Function, tool and panel names, skeleton sections. */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Skeleton section names. */
export const SECTION_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Tools as listed in the manifest (synthetic skeleton tools are identifiers too). */
export const TOOL_NAME_PATTERN = IDENTIFIER_PATTERN;
/** The synthetic tool of a panel. */
export const PANEL_TOOL_PATTERN = /^__panel__[a-z][a-z0-9_]*$/;
/** Secret names. */
export const SECRET_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
/** Event names such as `notes.created`. */
export const EVENT_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
/** Panel refresh policy: `manual` or `on_event:` followed by comma-separated event names. */
export const REFRESH_PATTERN = /^(manual|on_event:[a-z][a-z0-9_.-]*(,[a-z][a-z0-9_.-]*)*)$/;
/** Store collection names. */
export const COLLECTION_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** Cache keys. */
export const CACHE_KEY_PATTERN = /^[A-Za-z0-9_:-]{1,128}$/;
/** ActionResult error codes. */
export const ERROR_CODE_REGEX = /^[A-Z][A-Z0-9_]{2,63}$/;
/** Placeholder values the classifier must never send (I-PARAMS-NO-PLACEHOLDER-VALUES). */
export const PLACEHOLDER_PATTERN = /^<[A-Z][A-Z0-9_]*>$/;

const CRON_ITEM = "(\\*|[0-9]{1,2}(-[0-9]{1,2})?)(\\/[0-9]{1,2})?";
const CRON_FIELD = `${CRON_ITEM}(,${CRON_ITEM})*`;
/** 5-field UTC cron (minute hour day-of-month month day-of-week), numeric fields, lists, ranges, steps. */
export const CRON_PATTERN = new RegExp(`^${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD}$`);

/** Panel slots. `main` was removed (use `center`). */
export const PANEL_SLOTS = ["center", "left", "right", "overlay", "bottom", "chat-sidebar"] as const;
export type PanelSlot = (typeof PANEL_SLOTS)[number];
export const ACTION_TYPES = ["read", "write", "destructive"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const SECRET_WRITE_MODES = ["user", "extension", "both"] as const;
export type SecretWriteMode = (typeof SECRET_WRITE_MODES)[number];

const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
/** Checks a cron expression's syntax and numeric ranges; returns an error message or null. */
export function cronProblem(expr: string): string | null {
  if (typeof expr !== "string" || !CRON_PATTERN.test(expr)) {
    return `"${String(expr)}" is not a 5-field cron expression (minute hour day month weekday, single spaces).`;
  }
  const fields = expr.split(" ");
  for (let i = 0; i < 5; i++) {
    const [lo, hi] = CRON_RANGES[i];
    for (const n of fields[i].match(/[0-9]+/g) ?? []) {
      const isStep = fields[i].includes(`/${n}`);
      const v = Number(n);
      if (isStep ? v < 1 : v < lo || v > hi) return `cron field ${i + 1} value ${n} is out of range ${lo}-${hi}.`;
    }
  }
  return null;
}

// Name builders and tests shared by the SDK, the validators, the kernel and the CLI: spelled here and nowhere else.

const PANEL_TOOL_PREFIX = "__panel__";
const SKELETON_TOOL_PREFIX = "skeleton_refresh_";
const SKELETON_ALERT_PREFIX = "skeleton_alert_";

/** The synthetic tool name of a panel: `__panel__<panelId>`. */
export function panelTool(panelId: string): string {
  return `${PANEL_TOOL_PREFIX}${panelId}`;
}
/** The panel id of a `__panel__<id>` tool name, or undefined for any other name. */
export function panelIdOf(tool: string): string | undefined {
  return tool.startsWith(PANEL_TOOL_PREFIX) ? tool.slice(PANEL_TOOL_PREFIX.length) : undefined;
}
/** The synthetic tool name of a skeleton section: `skeleton_refresh_<section>`. */
export function skeletonRefreshTool(section: string): string {
  return `${SKELETON_TOOL_PREFIX}${section}`;
}
/** The section of a `skeleton_refresh_<section>` tool name, or undefined for any other name. */
export function skeletonSectionOf(tool: string): string | undefined {
  return tool.startsWith(SKELETON_TOOL_PREFIX) ? tool.slice(SKELETON_TOOL_PREFIX.length) : undefined;
}
/** The alert tool of a skeleton section: `skeleton_alert_<section>` (run with `{ old, new }` on change). */
export function skeletonAlertTool(section: string): string {
  return `${SKELETON_ALERT_PREFIX}${section}`;
}
/** The section of a `skeleton_alert_<section>` tool name, or undefined for any other name. */
export function skeletonAlertSectionOf(tool: string): string | undefined {
  return tool.startsWith(SKELETON_ALERT_PREFIX) ? tool.slice(SKELETON_ALERT_PREFIX.length) : undefined;
}
/** The system user schedules run as (SPEC 7.3). */
export const SYSTEM_USER_ID = "__system__";
/** The user webhooks run as (SPEC 7.5). */
export const WEBHOOK_USER_ID = "__webhook__";

/** What a platform handler is: the part of SPEC 7 the kernel runs outside the callable surface. */
export type PlatformTarget =
  | { kind: "schedule"; name: string }
  | { kind: "lifecycle"; hook: "on_install" | "on_uninstall" | "on_enable" | "on_disable" | "on_upgrade" }
  | { kind: "health" }
  | { kind: "webhook"; path: string }
  | { kind: "event"; type: string }
  | { kind: "expose"; name: string };

const LIFECYCLE_HOOKS = ["on_install", "on_uninstall", "on_enable", "on_disable", "on_upgrade"] as const;

/** The audited tool name of a platform handler: `__schedule__x`, `__lifecycle__on_install`, `__health__`, `__webhook__x`, `__event__x`, `__expose__x`. */
export function platformTool(t: PlatformTarget): string {
  switch (t.kind) {
    case "schedule":
      return `__schedule__${t.name}`;
    case "lifecycle":
      return `__lifecycle__${t.hook}`;
    case "health":
      return "__health__";
    case "webhook":
      return `__webhook__${t.path}`;
    case "event":
      return `__event__${t.type}`;
    case "expose":
      return `__expose__${t.name}`;
  }
}
/** The platform target of a `platformTool` name, or undefined for any other name. */
export function platformTargetOf(tool: string): PlatformTarget | undefined {
  const m = /^__(schedule|lifecycle|webhook|event|expose)__(.+)$/.exec(tool);
  if (tool === "__health__") return { kind: "health" };
  if (!m) return undefined;
  const rest = m[2]!;
  switch (m[1]) {
    case "schedule":
      return { kind: "schedule", name: rest };
    case "lifecycle":
      return (LIFECYCLE_HOOKS as readonly string[]).includes(rest)
        ? { kind: "lifecycle", hook: rest as (typeof LIFECYCLE_HOOKS)[number] }
        : undefined;
    case "webhook":
      return { kind: "webhook", path: rest };
    case "event":
      return { kind: "event", type: rest };
    default:
      return { kind: "expose", name: rest };
  }
}
/** The published type of a function's `event` (SPEC 7.4): `{app_id}.{event}` unless it already starts with `{app_id}.`. */
export function qualifiedEventType(appId: string, event: string): string {
  return event.startsWith(`${appId}.`) ? event : `${appId}.${event}`;
}
/** True when an `onEvent` pattern (an exact type or `prefix.*`) matches a published event type. */
export function eventMatches(pattern: string, type: string): boolean {
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** A tool's name on the wire when several extensions are loaded (SPEC 7.6): `{app_id}__{name}`. */
export function qualifiedToolName(appId: string, name: string): string {
  return `${appId}__${name}`;
}
/** `{ appId, name }` of a qualified tool name (app ids never contain `_`), or undefined for a bare name. */
export function splitQualifiedToolName(tool: string): { appId: string; name: string } | undefined {
  const i = tool.indexOf("__");
  if (i <= 0) return undefined;
  const appId = tool.slice(0, i);
  return APP_ID_PATTERN.test(appId) && i + 2 < tool.length ? { appId, name: tool.slice(i + 2) } : undefined;
}

/** True for names the platform reserves for synthetic tools (`skeleton_*`, `__panel__*`): never classifier targets. */
export function isSyntheticToolName(tool: string): boolean {
  return tool.startsWith("skeleton_") || tool.startsWith(PANEL_TOOL_PREFIX);
}

/** True for keys that hold ids: `id`, `*_id`, `*Id` (and the function's `idProjection` param when given). */
export function isIdKey(key: string, idProjection?: string): boolean {
  return (
    key === "id" ||
    key.endsWith("_id") ||
    /[a-z0-9]Id$/.test(key) ||
    (idProjection !== undefined && key === idProjection)
  );
}

/** A whole-string chain reference to an earlier step's result: `$steps.<index>.data.<path>`. */
export const STEP_REF_PATTERN = /^\$steps\.(\d+)\.data((?:\.[A-Za-z0-9_-]+)*)$/;
/** The same reference found inside a longer string (global: use with matchAll/replace). */
export const STEP_REF_EMBEDDED_PATTERN = /\$steps\.(\d+)\.data((?:\.[A-Za-z0-9_-]+)*)/g;
/** Anything that starts like a chain reference (`$steps.N` / `$steps.N.…`), well-formed or not. */
export const STEP_REF_PREFIX_PATTERN = /^\$steps\.\d+(\.|$)/;
/** Builds the chain reference to field `path` (dotted) of step `index`'s ActionResult.data. */
export function stepRef(index: number, path: string): string {
  return `$steps.${index}.data${path ? `.${path}` : ""}`;
}

/** User ids (`X-Acting-User`, `--user`): 1-128 of A-Z a-z 0-9 _ . @ - */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,128}$/;
/** True when `id` is an acceptable user id (`__proto__` is refused: ids key plain objects). */
export function isValidUserId(id: unknown): id is string {
  return typeof id === "string" && USER_ID_PATTERN.test(id) && id !== "__proto__";
}
/** The fix line shown with an invalid user id. */
export const USER_ID_RULE = "use 1-128 chars of A-Z a-z 0-9 _ . @ -";

/** Argument keys that are sensitive by default (SPEC 7.7), whether or not a function lists them in `sensitive`. */
export const SENSITIVE_KEY_PATTERN = /password|passwd|secret|token|api_?key|authorization|credential|private_?key/i;
/** What a sensitive value is replaced by wherever it is shown or stored (never in the handler's own args). */
export const REDACTED = "[redacted]";
/** A `sensitive` entry: a param path such as `token` or `auth.password`. */
export const SENSITIVE_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** True for an argument key that is sensitive by default. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_PATTERN.test(key);
}

/**
 * A copy of `value` with every sensitive value replaced by `"[redacted]"`: the declared `paths` (dotted, from the
 * args root) and, at any depth, every key matching {@link SENSITIVE_KEY_PATTERN}. Iterative and depth-bounded, so
 * hostile nesting cannot overflow the stack; beyond `maxDepth` the rest is replaced by `"[redacted]"` as well.
 */
export function redactSensitive(value: unknown, paths: readonly string[] = [], maxDepth = 64): unknown {
  const declared = new Set(paths);
  const root: { v: unknown } = { v: undefined };
  const stack: Array<{ src: unknown; set: (v: unknown) => void; path: string; depth: number }> = [
    { src: value, set: (v) => (root.v = v), path: "", depth: 0 },
  ];
  while (stack.length) {
    const { src, set, path, depth } = stack.pop()!;
    if (src === null || typeof src !== "object") {
      set(src);
      continue;
    }
    if (depth >= maxDepth) {
      set(REDACTED);
      continue;
    }
    if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length);
      set(out);
      src.forEach((item, i) => stack.push({ src: item, set: (v) => (out[i] = v), path, depth: depth + 1 }));
      continue;
    }
    const out: Record<string, unknown> = {};
    set(out);
    // defineProperty, not assignment: a "__proto__" key stays a plain key; defined now so key order is kept.
    const put = (k: string, x: unknown) =>
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (declared.has(p) || isSensitiveKey(k)) {
        put(k, REDACTED);
        continue;
      }
      put(k, undefined);
      stack.push({ src: v, set: (x) => put(k, x), path: p, depth: depth + 1 });
    }
  }
  return root.v;
}

/** Deepest nesting of call arguments (SPEC 10): the args object is level 1, each object or array inside one more. */
export const MAX_ARGS_DEPTH = 64;
/**
 * True when `value` nests objects/arrays deeper than `max` levels; a cycle (possible in-process, never in JSON) is
 * infinitely deep. Iterative and bounded (shared sub-objects are not walked per path), so it can run first on hostile input
 * (100,000 levels) before anything recursive — JSON.stringify, zod, the guards — touches it.
 */
export function exceedsDepth(value: unknown, max: number = MAX_ARGS_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  // `onPath` holds exactly the current path (each frame is left once, via its `leave` twin): a cycle is an object
  // met again while still on it. `done` remembers how deep a finished sub-object was entered; it is walked again
  // only when met deeper (at most `max` times), so shared sub-objects cost no more than that.
  const stack: Array<{ v: object; depth: number; leave: boolean }> = [{ v: value, depth: 1, leave: false }];
  const onPath = new Set<object>();
  const done = new Map<object, number>();
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.leave) {
      onPath.delete(f.v);
      done.set(f.v, Math.max(done.get(f.v) ?? 0, f.depth));
      continue;
    }
    if (onPath.has(f.v) || f.depth > max) return true;
    if ((done.get(f.v) ?? 0) >= f.depth) continue;
    onPath.add(f.v);
    stack.push({ v: f.v, depth: f.depth, leave: true });
    for (const x of Array.isArray(f.v) ? f.v : Object.values(f.v)) {
      if (typeof x === "object" && x !== null) stack.push({ v: x, depth: f.depth + 1, leave: false });
    }
  }
  return false;
}
