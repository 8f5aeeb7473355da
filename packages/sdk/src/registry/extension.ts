import { EXTENSION_BRAND, REGISTRY_KEY } from "../brand.js";
import { RegistrationError, SDK_ERROR_CODES, type SdkErrorCode } from "../errors/index.js";
import {
  ACTION_TYPES,
  APP_ID_PATTERN,
  CAPABILITY_PATTERN,
  IDENTIFIER_PATTERN,
  PANEL_SLOTS,
  REFRESH_PATTERN,
  SECRET_NAME_PATTERN,
  SECRET_WRITE_MODES,
  SECTION_PATTERN,
  SEMVER_PATTERN,
  cronProblem,
  panelTool,
  skeletonRefreshTool,
  skeletonSectionOf,
  skeletonAlertTool,
  skeletonAlertSectionOf,
} from "../patterns.js";
import type { ObjectSchemaLike } from "../schema/index.js";
import type { CallableTool, RegistryData } from "./surface.js";
import { makeRegistrar } from "./registrar.js";
import { checkConfigDefaults, checkSensitive } from "./options.js";
import { installLifecycle, type LifecycleMethods } from "./lifecycle.js";
import { installPlatform, type PlatformMethods } from "./platform.js";
import type {
  ExtensionOptions,
  PanelHandler,
  PanelOptions,
  Registrar,
  ScheduleHandler,
  ScheduleOptions,
  SecretDeclaration,
  SecretOptions,
  SkeletonHandler,
  SkeletonOptions,
  ToolHandler,
  ToolOptions,
} from "./types.js";

export { makeRegistrar } from "./registrar.js";

/** An event type or a `.*` pattern (`notes.created`, `notes.*`, `web-tools.scan.*`). */
const EVENT_PATTERN_RE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?$/;

/** Throws the RegistrationError for a bad registration call. */
function fail(code: SdkErrorCode, message: string, fix: string): never {
  throw new RegistrationError(code, message, fix);
}

export { checkParams, checkDescription } from "./options.js";
import { checkParams, checkDescription } from "./options.js";

function checkScopes(where: string, scopes: unknown): void {
  if (scopes === undefined) return;
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string" || !CAPABILITY_PATTERN.test(s))) {
    fail(
      SDK_ERROR_CODES.INVALID_SCOPE,
      `${where}: scopes must be strings like "notes:read".`,
      'Use ns:action scopes (or "*").',
    );
  }
}

/**
 * An extension: the registry of everything it can do. Registration only records into this object — importing an
 * extension never does I/O.
 */
// The lifecycle methods live in lifecycle.ts (installed on the prototype below); this merges their types in.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Extension extends LifecycleMethods, PlatformMethods {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Extension {
  readonly [EXTENSION_BRAND] = true as const;
  declare readonly [REGISTRY_KEY]: RegistryData;

  constructor(appId: string, opts: ExtensionOptions) {
    if (typeof appId !== "string" || !APP_ID_PATTERN.test(appId)) {
      fail(
        SDK_ERROR_CODES.INVALID_APP_ID,
        `Extension app id "${String(appId)}" must match ^[a-z0-9][a-z0-9-]*[a-z0-9]$.`,
        'Use lowercase letters, digits and hyphens, e.g. "my-notes".',
      );
    }
    if (!opts || typeof opts !== "object") {
      fail(
        SDK_ERROR_CODES.OPTIONS_MISSING,
        `Extension "${appId}": options are required.`,
        'Pass at least { version: "1.0.0" }.',
      );
    }
    if (typeof opts.version !== "string" || !SEMVER_PATTERN.test(opts.version)) {
      fail(
        SDK_ERROR_CODES.INVALID_VERSION,
        `Extension "${appId}": version "${String(opts.version)}" is not semver.`,
        'Use MAJOR.MINOR.PATCH, e.g. "1.0.0".',
      );
    }
    const caps = opts.capabilities ?? [];
    if (!Array.isArray(caps) || caps.some((c) => typeof c !== "string" || !CAPABILITY_PATTERN.test(c))) {
      fail(
        SDK_ERROR_CODES.INVALID_CAPABILITY,
        `Extension "${appId}": capabilities must look like "notes:read" or "*".`,
        "Use ns:action capability strings.",
      );
    }
    Object.defineProperty(this, REGISTRY_KEY, {
      enumerable: false,
      writable: false,
      value: {
        formatVersion: 1,
        appId,
        options: {
          version: opts.version,
          displayName: opts.displayName ?? "",
          description: opts.description ?? "",
          icon: opts.icon ?? "",
          actionsExplicit: opts.actionsExplicit ?? true,
          capabilities: [...caps],
          system: opts.system ?? false,
        },
        config: checkConfigDefaults(appId, opts.configDefaults),
        lifecycle: { onUpgrade: [] },
        events: { emits: [], subscribers: [] },
        webhooks: [],
        exposed: [],
        entries: [],
        chats: [],
        secrets: [],
        schedules: [],
      } satisfies RegistryData,
    });
  }

  /** The extension's app id. */
  get appId(): string {
    return this[REGISTRY_KEY].appId;
  }
  /** The extension's version. */
  get version(): string {
    return this[REGISTRY_KEY].options.version;
  }

  /** @internal Adds a callable entry after checking its name is unique across the whole surface. */
  _addEntry(entry: CallableTool): void {
    const reg = this[REGISTRY_KEY];
    if (reg.entries.some((e) => e.name === entry.name)) {
      fail(
        SDK_ERROR_CODES.DUPLICATE_NAME,
        `"${entry.name}" is already registered in extension "${reg.appId}".`,
        "Give every function, tool, skeleton and panel a unique name.",
      );
    }
    if (reg.schedules.some((sc) => sc.name === entry.name)) {
      fail(
        SDK_ERROR_CODES.DUPLICATE_NAME,
        `"${entry.name}" is already the name of a schedule in extension "${reg.appId}".`,
        "A schedule and a tool may not share a name (SPEC 7.3): rename one.",
      );
    }
    reg.entries.push(entry);
  }

  /** Registers a plain tool: `ext.tool(name, opts, handler)`, or `ext.tool(name, opts)` as a decorator. */
  tool<P extends ObjectSchemaLike | undefined = undefined>(
    name: string,
    opts: ToolOptions<P>,
    handler: ToolHandler<P>,
  ): ToolHandler<P>;
  tool<P extends ObjectSchemaLike | undefined = undefined>(
    name: string,
    opts: ToolOptions<P>,
  ): Registrar<ToolHandler<P>>;
  tool(name: string, opts: ToolOptions<ObjectSchemaLike | undefined>, handler?: ToolHandler<unknown>): unknown {
    const where = `ext.tool("${String(name)}")`;
    if (typeof name !== "string" || !IDENTIFIER_PATTERN.test(name)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: tool names must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "sync_notes".',
      );
    }
    const section = skeletonSectionOf(name);
    if (section !== undefined) {
      fail(
        SDK_ERROR_CODES.SKELETON_VIA_TOOL,
        `${where}: skeleton refresh tools are registered with ext.skeleton.`,
        `Use ext.skeleton("${section}", { ttl }, handler).`,
      );
    }
    if (!opts || typeof opts !== "object")
      fail(SDK_ERROR_CODES.OPTIONS_MISSING, `${where}: options are required.`, 'Pass { description: "..." }.');
    checkDescription(where, opts.description);
    checkParams(where, opts.params);
    checkScopes(where, opts.scopes);
    if (opts.actionType !== undefined && !ACTION_TYPES.includes(opts.actionType)) {
      fail(
        SDK_ERROR_CODES.INVALID_ACTION_TYPE,
        `${where}: actionType must be read, write or destructive.`,
        'Use "read", "write" or "destructive".',
      );
    }
    const alertSection = skeletonAlertSectionOf(name);
    const isAlert = alertSection !== undefined;
    const sensitive = checkSensitive(where, opts.sensitive, opts.params);
    const reg = makeRegistrar<ToolHandler<unknown>>(where, (h) =>
      this._addEntry({
        name,
        kind: isAlert ? "skeleton_alert" : "tool",
        description: opts.description,
        actionType: isAlert ? "read" : (opts.actionType ?? "read"),
        chainCallable: !isAlert,
        ...(opts.params !== undefined ? { params: opts.params } : {}),
        ...(opts.scopes !== undefined ? { scopes: [...opts.scopes] } : {}),
        ...(opts.longRunning ? { longRunning: true } : {}),
        ...(isAlert ? { section: alertSection } : {}),
        ...(sensitive ? { sensitive } : {}),
        handler: h,
      }),
    );
    return handler === undefined ? reg : reg(handler);
  }

  /** Registers a skeleton section: tool `skeleton_refresh_{section}`; the handler returns `{ response: {...} }`. */
  skeleton(section: string, opts: SkeletonOptions, handler: SkeletonHandler): SkeletonHandler;
  skeleton(section: string, opts?: SkeletonOptions): Registrar<SkeletonHandler>;
  skeleton(section: string, opts: SkeletonOptions = {}, handler?: SkeletonHandler): unknown {
    const where = `ext.skeleton("${String(section)}")`;
    if (typeof section !== "string" || !SECTION_PATTERN.test(section)) {
      fail(
        SDK_ERROR_CODES.INVALID_SECTION,
        `${where}: section names must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "notes" or "recent_notes".',
      );
    }
    const ttl = opts.ttl ?? 300;
    if (!Number.isInteger(ttl) || ttl < 1) {
      fail(
        SDK_ERROR_CODES.INVALID_TTL,
        `${where}: ttl must be a positive integer number of seconds.`,
        "Use e.g. { ttl: 300 }.",
      );
    }
    if (opts.alert !== undefined && typeof opts.alert !== "boolean") {
      fail(
        SDK_ERROR_CODES.INVALID_ALERT,
        `${where}: alert must be a boolean.`,
        `Use { alert: true } to get ${skeletonAlertTool(section)} calls.`,
      );
    }
    checkDescription(where, opts.description, false);
    const refreshOn = opts.refreshOn;
    if (
      refreshOn !== undefined &&
      (!Array.isArray(refreshOn) || refreshOn.some((p) => typeof p !== "string" || !EVENT_PATTERN_RE.test(p)))
    )
      fail(
        SDK_ERROR_CODES.INVALID_PATTERN,
        `${where}: refreshOn must list event types such as "notes.created" or "notes.*".`,
        "Use [] to opt out.",
      );
    const reg = makeRegistrar<SkeletonHandler>(where, (h) =>
      this._addEntry({
        name: skeletonRefreshTool(section),
        kind: "skeleton_refresh",
        description: opts.description ?? `Skeleton refresh: ${section}`,
        actionType: "read",
        chainCallable: false,
        section,
        ttl,
        alert: opts.alert ?? false,
        ...(refreshOn !== undefined ? { refreshOn: [...refreshOn] } : {}),
        handler: h,
      }),
    );
    return handler === undefined ? reg : reg(handler);
  }

  /** Registers a panel: tool `__panel__{panelId}` whose handler returns a UI node tree. */
  panel(panelId: string, opts: PanelOptions, handler: PanelHandler): PanelHandler;
  panel(panelId: string, opts: PanelOptions): Registrar<PanelHandler>;
  panel(panelId: string, opts: PanelOptions, handler?: PanelHandler): unknown {
    const where = `ext.panel("${String(panelId)}")`;
    if (typeof panelId !== "string" || !IDENTIFIER_PATTERN.test(panelId)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: panel ids must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "sidebar".',
      );
    }
    if (!opts || typeof opts !== "object")
      fail(SDK_ERROR_CODES.OPTIONS_MISSING, `${where}: options are required.`, 'Pass { slot: "left", title: "..." }.');
    const slot = opts.slot ?? "center";
    if (!(PANEL_SLOTS as readonly string[]).includes(slot)) {
      fail(
        SDK_ERROR_CODES.INVALID_SLOT,
        `${where}: slot "${String(slot)}" is not one of ${PANEL_SLOTS.join(", ")}.`,
        slot === ("main" as string)
          ? 'The "main" slot was removed: use "center".'
          : `Use one of ${PANEL_SLOTS.join(", ")}.`,
      );
    }
    const refresh = opts.refresh ?? "manual";
    if (typeof refresh !== "string" || !REFRESH_PATTERN.test(refresh)) {
      fail(
        SDK_ERROR_CODES.INVALID_REFRESH,
        `${where}: refresh "${String(refresh)}" must be "manual" or "on_event:<event>[,<event>]".`,
        'Use e.g. "on_event:notes.created".',
      );
    }
    const known = ["slot", "title", "icon", "refresh", "centerOverlay", "defaultWidth", "minWidth", "maxWidth"];
    const unknown = Object.keys(opts).filter((k) => !known.includes(k));
    if (unknown.length)
      fail(
        SDK_ERROR_CODES.INVALID_OPTION,
        `${where}: ${unknown.map((k) => `"${k}"`).join(", ")} is not a panel option.`,
        `Use only: ${known.join(", ")}.`,
      );
    const widths = { defaultWidth: opts.defaultWidth, minWidth: opts.minWidth, maxWidth: opts.maxWidth };
    for (const [k, v] of Object.entries(widths))
      if (v !== undefined && (!Number.isInteger(v) || v < 120 || v > 4000))
        fail(
          SDK_ERROR_CODES.INVALID_OPTION,
          `${where}: ${k} must be an integer from 120 to 4000 (px).`,
          `Set ${k}: 360.`,
        );
    const { defaultWidth: dw, minWidth: lo, maxWidth: hi } = widths;
    if (
      (lo !== undefined && hi !== undefined && lo > hi) ||
      (dw !== undefined && ((lo !== undefined && dw < lo) || (hi !== undefined && dw > hi)))
    )
      fail(
        SDK_ERROR_CODES.INVALID_OPTION,
        `${where}: widths must satisfy minWidth <= defaultWidth <= maxWidth.`,
        "Fix the three widths.",
      );
    const reg = makeRegistrar<PanelHandler>(where, (h) =>
      this._addEntry({
        name: panelTool(panelId),
        kind: "panel",
        description: opts.title ? `Panel: ${opts.title}` : `Panel: ${panelId}`,
        actionType: "read",
        chainCallable: false,
        panelId,
        slot,
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.icon !== undefined ? { icon: opts.icon } : {}),
        refresh,
        ...(opts.centerOverlay !== undefined ? { centerOverlay: opts.centerOverlay } : {}),
        ...(dw !== undefined ? { defaultWidth: dw } : {}),
        ...(lo !== undefined ? { minWidth: lo } : {}),
        ...(hi !== undefined ? { maxWidth: hi } : {}),
        handler: h,
      }),
    );
    return handler === undefined ? reg : reg(handler);
  }

  /** Declares a secret; `ctx.secrets` only accepts declared names. Returns the declaration. */
  secret(name: string, opts: SecretOptions): SecretDeclaration {
    const where = `ext.secret("${String(name)}")`;
    if (typeof name !== "string" || !SECRET_NAME_PATTERN.test(name)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: secret names must match ^[a-z][a-z0-9_]{0,62}$.`,
        'Use snake_case, e.g. "api_key".',
      );
    }
    if (!opts || typeof opts !== "object")
      fail(SDK_ERROR_CODES.OPTIONS_MISSING, `${where}: options are required.`, 'Pass { description: "..." }.');
    checkDescription(where, opts.description);
    const writeMode = opts.writeMode ?? "user";
    if (!SECRET_WRITE_MODES.includes(writeMode)) {
      fail(
        SDK_ERROR_CODES.INVALID_WRITE_MODE,
        `${where}: writeMode must be user, extension or both.`,
        'Use "user", "extension" or "both".',
      );
    }
    const maxBytes = opts.maxBytes ?? 4096;
    if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > 65536) {
      fail(
        SDK_ERROR_CODES.INVALID_MAX_BYTES,
        `${where}: maxBytes must be an integer in 1..65536.`,
        "Use e.g. { maxBytes: 4096 }.",
      );
    }
    const reg = this[REGISTRY_KEY];
    if (reg.secrets.some((s) => s.name === name)) {
      fail(
        SDK_ERROR_CODES.DUPLICATE_NAME,
        `${where}: secret "${name}" is already declared.`,
        "Declare each secret once.",
      );
    }
    const decl: SecretDeclaration = {
      name,
      description: opts.description,
      required: opts.required ?? false,
      writeMode,
      maxBytes,
    };
    reg.secrets.push(decl);
    return { ...decl };
  }

  /** Registers a scheduled job (5-field UTC cron); it runs as the system user `__system__`. */
  schedule(name: string, opts: ScheduleOptions, handler: ScheduleHandler): ScheduleHandler;
  schedule(name: string, opts: ScheduleOptions): Registrar<ScheduleHandler>;
  schedule(name: string, opts: ScheduleOptions, handler?: ScheduleHandler): unknown {
    const where = `ext.schedule("${String(name)}")`;
    if (typeof name !== "string" || !IDENTIFIER_PATTERN.test(name)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: schedule names must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "nightly_cleanup".',
      );
    }
    if (!opts || typeof opts !== "object")
      fail(SDK_ERROR_CODES.OPTIONS_MISSING, `${where}: options are required.`, 'Pass { cron: "0 3 * * *" }.');
    const problem = cronProblem(opts.cron);
    if (problem)
      fail(
        SDK_ERROR_CODES.INVALID_CRON,
        `${where}: ${problem}`,
        'Use 5 fields in UTC, e.g. "0 3 * * *" (daily at 03:00).',
      );
    checkDescription(where, opts.description, false);
    const t = opts.timeoutSeconds;
    if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 3600))
      fail(
        SDK_ERROR_CODES.INVALID_OPTION,
        `${where}: timeoutSeconds must be an integer from 1 to 3600.`,
        "Use e.g. 300.",
      );
    const reg = this[REGISTRY_KEY];
    const r = makeRegistrar<ScheduleHandler>(where, (h) => {
      if (reg.schedules.some((s) => s.name === name)) {
        fail(
          SDK_ERROR_CODES.DUPLICATE_NAME,
          `${where}: schedule "${name}" is already registered.`,
          "Give every schedule a unique name.",
        );
      }
      if (reg.entries.some((e) => e.name === name)) {
        fail(
          SDK_ERROR_CODES.DUPLICATE_NAME,
          `${where}: "${name}" is already the name of a tool.`,
          "A schedule and a tool may not share a name (SPEC 7.3): rename one.",
        );
      }
      reg.schedules.push({
        name,
        cron: opts.cron,
        ...(opts.timeoutSeconds !== undefined ? { timeoutSeconds: opts.timeoutSeconds } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        handler: h,
      });
    });
    return handler === undefined ? r : r(handler);
  }
}

installLifecycle(Extension);
installPlatform(Extension);
