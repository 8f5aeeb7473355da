// Single source of every identifier rule: the registry validates with these at registration time and the
// manifest zod schema (and so manifest.schema.json) embeds the same regexes.

/** `app_id` of an extension. */
export const APP_ID_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Semantic version 2.0.0. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
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

const CRON_RANGES: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
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
