import { ACTION_RESULT_BRAND } from "../brand.js";
import { ValidationError, SDK_ERROR_CODES } from "../errors/index.js";

/** Stable error code shape (SPEC 1.2). */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{2,63}$/;

/** Wire form of an ActionResult. Optional keys are omitted (never `undefined`) so JSON round-trips exactly. */
export interface ActionResultJSON<T = unknown> {
  status: "success" | "error";
  summary: string;
  data: T | null;
  error?: string;
  error_code?: string;
  retryable?: boolean;
  ui?: unknown;
  refresh_panels?: string[];
}

/** Options of {@link ActionResult.success}. */
export interface SuccessOptions {
  /** A UI node tree shown with the result. */
  ui?: unknown;
  /** `undefined` = refresh all panels, `[]` = none, list = those panel ids. */
  refreshPanels?: string[];
}
/** Options of {@link ActionResult.error}. */
export interface ErrorOptions {
  code?: string;
  retryable?: boolean;
}

/** The value every chat function returns: success with typed `data`, or an error with a stable code. */
export class ActionResult<T = unknown> {
  readonly [ACTION_RESULT_BRAND] = true as const;
  readonly status: "success" | "error";
  readonly summary: string;
  readonly data: T | null;
  readonly error: string | undefined;
  readonly errorCode: string | undefined;
  readonly retryable: boolean | undefined;
  readonly ui: unknown;
  readonly refreshPanels: string[] | undefined;

  private constructor(fields: {
    status: "success" | "error";
    summary: string;
    data: T | null;
    error?: string;
    errorCode?: string;
    retryable?: boolean;
    ui?: unknown;
    refreshPanels?: string[];
  }) {
    this.status = fields.status;
    this.summary = fields.summary;
    this.data = fields.data;
    this.error = fields.error;
    this.errorCode = fields.errorCode;
    this.retryable = fields.retryable;
    this.ui = fields.ui;
    this.refreshPanels = fields.refreshPanels === undefined ? undefined : [...fields.refreshPanels];
  }

  /** A successful result; `summary` is always shown to the user for panel calls. */
  static success<T>(data: T, summary: string, opts: SuccessOptions = {}): ActionResult<T> {
    if (typeof summary !== "string") {
      throw new TypeError("ActionResult.success(data, summary): summary must be a string.");
    }
    if (opts.refreshPanels !== undefined && !isStringArray(opts.refreshPanels)) {
      throw new TypeError("ActionResult.success: refreshPanels must be an array of panel ids.");
    }
    return new ActionResult<T>({ status: "success", summary, data, ui: opts.ui, refreshPanels: opts.refreshPanels });
  }

  /** A failed result. Give it a `code` (`^[A-Z][A-Z0-9_]{2,63}$`) so the kernel and authors can branch on it. */
  static error(message: string, opts: ErrorOptions = {}): ActionResult<never> {
    if (typeof message !== "string") throw new TypeError("ActionResult.error(message): message must be a string.");
    if (opts.code !== undefined && !ERROR_CODE_PATTERN.test(opts.code)) {
      throw new ValidationError(`Error code "${opts.code}" does not match ^[A-Z][A-Z0-9_]{2,63}$.`, {
        code: SDK_ERROR_CODES.INVALID_ERROR_CODE,
        fix: 'Use an UPPER_SNAKE_CASE code such as "NOTE_NOT_FOUND".',
      });
    }
    return new ActionResult<never>({
      status: "error",
      summary: message,
      data: null,
      error: message,
      errorCode: opts.code,
      retryable: opts.retryable,
    });
  }

  /** Rebuilds a result from its JSON form; `fromJSON(r.toJSON())` equals `r` field for field. */
  static fromJSON<T = unknown>(json: unknown): ActionResult<T> {
    if (!isActionResultJSON(json)) {
      throw new ValidationError("Not an ActionResult JSON object (needs status and summary).", {
        code: SDK_ERROR_CODES.INVALID_ACTION_RESULT,
        fix: "Pass the object produced by ActionResult#toJSON().",
      });
    }
    return new ActionResult<T>({
      status: json.status,
      summary: json.summary,
      data: (json.data ?? null) as T | null,
      error: json.error,
      errorCode: json.error_code,
      retryable: json.retryable,
      ui: json.ui,
      refreshPanels: json.refresh_panels,
    });
  }

  /** True when the result is a success. */
  get ok(): boolean {
    return this.status === "success";
  }

  /** Wire form (snake_case keys, optional keys omitted when unset). */
  toJSON(): ActionResultJSON<T> {
    const out: ActionResultJSON<T> = { status: this.status, summary: this.summary, data: this.data };
    if (this.error !== undefined) out.error = this.error;
    if (this.errorCode !== undefined) out.error_code = this.errorCode;
    if (this.retryable !== undefined) out.retryable = this.retryable;
    if (this.ui !== undefined) out.ui = this.ui;
    if (this.refreshPanels !== undefined) out.refresh_panels = [...this.refreshPanels];
    return out;
  }
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** True for an ActionResult from any copy of the SDK (brand check, not instanceof). */
export function isActionResult(value: unknown): value is ActionResult {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ACTION_RESULT_BRAND] === true
  );
}

/** True for the JSON wire form of an ActionResult. */
export function isActionResultJSON(value: unknown): value is ActionResultJSON {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (v.status !== "success" && v.status !== "error") return false;
  if (typeof v.summary !== "string") return false;
  if (!("data" in v)) return false;
  if (v.error !== undefined && typeof v.error !== "string") return false;
  if (v.error_code !== undefined && typeof v.error_code !== "string") return false;
  if (v.retryable !== undefined && typeof v.retryable !== "boolean") return false;
  if (v.refresh_panels !== undefined && !isStringArray(v.refresh_panels)) return false;
  return true;
}
