// Events, webhooks and exposed methods (SPEC 7.4-7.6), installed on Extension.prototype like the lifecycle hooks.
import { REGISTRY_KEY } from "../brand.js";
import { RegistrationError, SDK_ERROR_CODES, type SdkErrorCode } from "../errors/index.js";
import { EVENT_NAME_PATTERN, IDENTIFIER_PATTERN } from "../patterns.js";
import type { ObjectSchemaLike } from "../schema/index.js";
import { checkDescription, checkParams, checkSensitive } from "./options.js";
import { makeRegistrar } from "./registrar.js";
import type { RegistryData } from "./surface.js";
import type {
  EmitsOptions,
  EventHandler,
  ExposeHandler,
  ExposeOptions,
  Registrar,
  WebhookHandler,
  WebhookOptions,
} from "./types.js";

/** An `onEvent` pattern: an exact event type or one ending in `.*`. */
export const EVENT_SUBSCRIPTION_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?$/;
/** A webhook path below `/v1/ext/{app_id}/webhook/`. */
export const WEBHOOK_PATH_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The event, webhook and expose methods every Extension has. */
export interface PlatformMethods {
  /** Declares an event type this extension publishes with ctx.events.emit; it must start with `{app_id}.`. */
  emits(type: string, opts?: EmitsOptions): void;
  /** Subscribes to published events: an exact type or a `prefix.*` pattern. */
  onEvent(pattern: string, handler: EventHandler): EventHandler;
  onEvent(pattern: string): Registrar<EventHandler>;
  /** Serves `/v1/ext/{app_id}/webhook/{path}` to external callers (no bearer token). */
  webhook(path: string, opts: WebhookOptions, handler: WebhookHandler): WebhookHandler;
  webhook(path: string, opts?: WebhookOptions): Registrar<WebhookHandler>;
  /** Makes a method callable from other extensions through ctx.extensions.call. */
  expose<P extends ObjectSchemaLike | undefined = undefined>(
    name: string,
    opts: ExposeOptions<P>,
    handler: ExposeHandler<P>,
  ): ExposeHandler<P>;
  expose<P extends ObjectSchemaLike | undefined = undefined>(
    name: string,
    opts: ExposeOptions<P>,
  ): Registrar<ExposeHandler<P>>;
}

function fail(code: SdkErrorCode, message: string, fix: string): never {
  throw new RegistrationError(code, message, fix);
}
const registry = (self: unknown) => (self as { [REGISTRY_KEY]: RegistryData })[REGISTRY_KEY];

const methods: Record<string, (this: unknown, ...a: never[]) => unknown> = {
  emits(type: string, opts: EmitsOptions = {}) {
    const reg = registry(this);
    const where = `ext.emits("${String(type)}")`;
    if (typeof type !== "string" || !EVENT_NAME_PATTERN.test(type) || !type.startsWith(`${reg.appId}.`))
      fail(
        SDK_ERROR_CODES.INVALID_EVENT,
        `${where}: event types must start with "${reg.appId}.".`,
        `Use e.g. "${reg.appId}.synced".`,
      );
    checkDescription(where, opts?.description, false);
    if (reg.events.emits.some((e) => e.type === type))
      fail(SDK_ERROR_CODES.DUPLICATE_NAME, `${where}: already declared.`, "Declare each event once.");
    reg.events.emits.push({ type, ...(opts?.description !== undefined ? { description: opts.description } : {}) });
  },
  onEvent(pattern: string, handler?: EventHandler) {
    const where = `ext.onEvent("${String(pattern)}")`;
    if (typeof pattern !== "string" || !EVENT_SUBSCRIPTION_PATTERN.test(pattern))
      fail(
        SDK_ERROR_CODES.INVALID_PATTERN,
        `${where}: use an event type or a pattern ending in ".*".`,
        'Use e.g. "notes.created" or "notes.*".',
      );
    const r = makeRegistrar<EventHandler>(where, (h) =>
      registry(this).events.subscribers.push({ pattern, handler: h }),
    );
    return handler === undefined ? r : r(handler);
  },
  webhook(path: string, opts: WebhookOptions = {}, handler?: WebhookHandler) {
    const where = `ext.webhook("${String(path)}")`;
    if (typeof path !== "string" || !WEBHOOK_PATH_PATTERN.test(path))
      fail(
        SDK_ERROR_CODES.INVALID_PATH,
        `${where}: paths are lowercase segments like "trello" or "github/push".`,
        'Use e.g. "trello".',
      );
    const method = opts?.method ?? "POST";
    if (!METHODS.includes(method))
      fail(SDK_ERROR_CODES.INVALID_OPTION, `${where}: method must be one of ${METHODS.join(", ")}.`, 'Use "POST".');
    if (
      opts?.secretHeader !== undefined &&
      (typeof opts.secretHeader !== "string" || !HEADER_NAME.test(opts.secretHeader))
    )
      fail(
        SDK_ERROR_CODES.INVALID_OPTION,
        `${where}: secretHeader must be a header name.`,
        'Use e.g. "X-Hub-Signature".',
      );
    checkDescription(where, opts?.description, false);
    const r = makeRegistrar<WebhookHandler>(where, (h) => {
      const list = registry(this).webhooks;
      if (list.some((w) => w.path === path && w.method === method))
        fail(
          SDK_ERROR_CODES.DUPLICATE_NAME,
          `${where}: ${method} ${path} is already registered.`,
          "One handler per path and method.",
        );
      list.push({
        path,
        method,
        ...(opts?.secretHeader !== undefined ? { secretHeader: opts.secretHeader } : {}),
        ...(opts?.description !== undefined ? { description: opts.description } : {}),
        handler: h,
      });
    });
    return handler === undefined ? r : r(handler);
  },
  expose(name: string, opts: ExposeOptions<ObjectSchemaLike | undefined>, handler?: ExposeHandler<unknown>) {
    const where = `ext.expose("${String(name)}")`;
    if (typeof name !== "string" || !IDENTIFIER_PATTERN.test(name))
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: names must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "find_card".',
      );
    if (!opts || typeof opts !== "object")
      fail(SDK_ERROR_CODES.OPTIONS_MISSING, `${where}: options are required.`, 'Pass { actionType: "read" }.');
    if (opts.actionType !== "read" && opts.actionType !== "write")
      fail(
        SDK_ERROR_CODES.INVALID_ACTION_TYPE,
        `${where}: actionType must be "read" or "write" (destructive methods are not exposed across extensions).`,
        "Expose a read or write method; keep destructive actions behind the extension's own confirmation.",
      );
    checkParams(where, opts.params);
    checkDescription(where, opts.description, false);
    const sensitive = checkSensitive(where, opts.sensitive, opts.params);
    const r = makeRegistrar<ExposeHandler<unknown>>(where, (h) => {
      const list = registry(this).exposed;
      if (list.some((x) => x.name === name))
        fail(SDK_ERROR_CODES.DUPLICATE_NAME, `${where}: already exposed.`, "Expose each name once.");
      list.push({
        name,
        actionType: opts.actionType,
        ...(opts.params !== undefined ? { params: opts.params } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(sensitive ? { sensitive } : {}),
        handler: h,
      });
    });
    return handler === undefined ? r : r(handler);
  },
};

/** Adds the event, webhook and expose methods to a class's prototype. */
export function installPlatform(cls: { prototype: object }): void {
  for (const [name, fn] of Object.entries(methods))
    Object.defineProperty(cls.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
