import { CHAT_EXTENSION_BRAND, REGISTRY_KEY } from "../brand.js";
import { RegistrationError, SDK_ERROR_CODES, type SdkErrorCode } from "../errors/index.js";
import {
  ACTION_TYPES,
  CAPABILITY_PATTERN,
  EVENT_NAME_PATTERN,
  IDENTIFIER_PATTERN,
  isSyntheticToolName,
} from "../patterns.js";
import { isZodSchema, objectShapeKeys } from "../schema/index.js";
import type { ObjectSchemaLike, SchemaLike } from "../schema/index.js";
import { type Extension, checkDescription, checkParams, makeRegistrar } from "./extension.js";
import { checkSensitive } from "./options.js";
import { isExtension } from "./surface.js";
import type { ChatExtensionOptions, ChatFunctionHandler, ChatFunctionOptions, Registrar } from "./types.js";

/** Throws the RegistrationError for a bad registration call. */
function fail(code: SdkErrorCode, message: string, fix: string): never {
  throw new RegistrationError(code, message, fix);
}

/** Groups chat functions of an extension; each function's manifest entry names this group as `owner_chat_tool`. */
export class ChatExtension {
  readonly [CHAT_EXTENSION_BRAND] = true as const;
  readonly ext: Extension;
  readonly toolName: string;
  readonly description: string;

  constructor(ext: Extension, opts: ChatExtensionOptions = {}) {
    if (!isExtension(ext)) {
      fail(
        SDK_ERROR_CODES.NOT_AN_EXTENSION,
        "new ChatExtension(ext, ...): ext must be an Extension.",
        "Pass the object created with new Extension(...).",
      );
    }
    const reg = ext[REGISTRY_KEY];
    const toolName = opts.toolName ?? reg.appId.replace(/-/g, "_");
    if (!IDENTIFIER_PATTERN.test(toolName)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `ChatExtension toolName "${toolName}" must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. { toolName: "notes" }.',
      );
    }
    if (reg.chats.some((c) => c.toolName === toolName)) {
      fail(
        SDK_ERROR_CODES.DUPLICATE_NAME,
        `A ChatExtension named "${toolName}" already exists on "${reg.appId}".`,
        "Use one ChatExtension per extension, or give each a unique toolName.",
      );
    }
    this.ext = ext;
    this.toolName = toolName;
    this.description = opts.description ?? "";
    const sp = opts.systemPrompt;
    if (sp !== undefined && (typeof sp !== "string" || sp.length > 4000)) {
      fail(
        SDK_ERROR_CODES.INVALID_OPTION,
        `ChatExtension "${toolName}": systemPrompt must be a string of at most 4,000 characters.`,
        "Shorten it to what the classifier needs about these tools.",
      );
    }
    reg.chats.push({ toolName, description: this.description, ...(sp !== undefined ? { systemPrompt: sp } : {}) });
    // Bound so `const { fn } = chat` and decorator positions keep working.
    this.function = this.function.bind(this) as typeof this.function;
    this.fn = this.fn.bind(this) as typeof this.fn;
  }

  /**
   * Registers a chat function. `chat.function(name, opts, handler)` returns the handler;
   * `chat.function(name, opts)` returns a decorator for a function or a class method.
   */
  function<P extends ObjectSchemaLike | undefined = undefined, D extends SchemaLike | undefined = undefined>(
    name: string,
    opts: ChatFunctionOptions<P, D>,
    handler: ChatFunctionHandler<P, D>,
  ): ChatFunctionHandler<P, D>;
  function<P extends ObjectSchemaLike | undefined = undefined, D extends SchemaLike | undefined = undefined>(
    name: string,
    opts: ChatFunctionOptions<P, D>,
  ): Registrar<ChatFunctionHandler<P, D>>;
  function(
    name: string,
    opts: ChatFunctionOptions<ObjectSchemaLike | undefined, SchemaLike | undefined>,
    handler?: ChatFunctionHandler<unknown, unknown>,
  ): unknown {
    const where = `chat.function("${String(name)}")`;
    if (typeof name !== "string" || !IDENTIFIER_PATTERN.test(name)) {
      fail(
        SDK_ERROR_CODES.INVALID_NAME,
        `${where}: function names must match ^[a-z][a-z0-9_]*$.`,
        'Use snake_case, e.g. "create_note".',
      );
    }
    // IDENTIFIER_PATTERN already refuses a leading "_", so of the synthetic names only `skeleton_*` can get here.
    if (isSyntheticToolName(name)) {
      fail(
        SDK_ERROR_CODES.RESERVED_NAME,
        `${where}: names starting with "skeleton_" are reserved for skeleton tools.`,
        "Pick another name.",
      );
    }
    if (!opts || typeof opts !== "object") {
      fail(
        SDK_ERROR_CODES.OPTIONS_MISSING,
        `${where}: options are required.`,
        "Pass { description, actionType, params }.",
      );
    }
    checkDescription(where, opts.description);
    if (!ACTION_TYPES.includes(opts.actionType)) {
      fail(
        SDK_ERROR_CODES.INVALID_ACTION_TYPE,
        `${where}: actionType "${String(opts.actionType)}" must be read, write or destructive.`,
        'Set actionType: "read" | "write" | "destructive".',
      );
    }
    checkParams(where, opts.params);
    if (opts.dataModel !== undefined && !isZodSchema(opts.dataModel)) {
      fail(
        SDK_ERROR_CODES.DATA_MODEL_NOT_SCHEMA,
        `${where}: dataModel must be a zod schema.`,
        "Use z.object({ ... }) describing ActionResult.data.",
      );
    }
    if (opts.event !== undefined && (typeof opts.event !== "string" || !EVENT_NAME_PATTERN.test(opts.event))) {
      fail(
        SDK_ERROR_CODES.INVALID_EVENT,
        `${where}: event "${String(opts.event)}" must look like "notes.created".`,
        "Use lowercase dotted event names.",
      );
    }
    if (
      opts.effects !== undefined &&
      (!Array.isArray(opts.effects) || opts.effects.some((e) => typeof e !== "string" || e === ""))
    ) {
      fail(
        SDK_ERROR_CODES.INVALID_EFFECTS,
        `${where}: effects must be a list of non-empty strings.`,
        'Use e.g. ["create:note"].',
      );
    }
    if (
      opts.scopes !== undefined &&
      (!Array.isArray(opts.scopes) || opts.scopes.some((s) => typeof s !== "string" || !CAPABILITY_PATTERN.test(s)))
    ) {
      fail(
        SDK_ERROR_CODES.INVALID_SCOPE,
        `${where}: scopes must be strings like "notes:read".`,
        "Use ns:action scopes.",
      );
    }
    if (opts.idProjection !== undefined) {
      const keys = objectShapeKeys(opts.params);
      if (typeof opts.idProjection !== "string" || !keys.includes(opts.idProjection)) {
        fail(
          SDK_ERROR_CODES.INVALID_ID_PROJECTION,
          `${where}: idProjection "${String(opts.idProjection)}" is not a field of params.`,
          `Use one of: ${keys.join(", ") || "(no params declared)"}.`,
        );
      }
    }
    for (const flag of ["chainCallable", "longRunning", "uiBuilder"] as const) {
      if (opts[flag] !== undefined && typeof opts[flag] !== "boolean") {
        fail(SDK_ERROR_CODES.INVALID_OPTION, `${where}: ${flag} must be a boolean.`, `Use ${flag}: true or false.`);
      }
    }
    const sensitive = checkSensitive(where, opts.sensitive, opts.params);
    const reg = makeRegistrar<ChatFunctionHandler<unknown, unknown>>(where, (h) =>
      this.ext._addEntry({
        name,
        kind: "chat_function",
        description: opts.description,
        actionType: opts.actionType,
        chainCallable: opts.chainCallable ?? true,
        ...(opts.params !== undefined ? { params: opts.params } : {}),
        ...(opts.dataModel !== undefined ? { dataModel: opts.dataModel } : {}),
        ...(opts.event !== undefined ? { event: opts.event } : {}),
        ...(opts.effects !== undefined ? { effects: [...opts.effects] } : {}),
        ...(opts.idProjection !== undefined ? { idProjection: opts.idProjection } : {}),
        ownerChatTool: this.toolName,
        ...(opts.scopes !== undefined ? { scopes: [...opts.scopes] } : {}),
        ...(opts.longRunning ? { longRunning: true } : {}),
        ...(opts.uiBuilder ? { uiBuilder: true } : {}),
        ...(sensitive ? { sensitive } : {}),
        handler: h,
      }),
    );
    return handler === undefined ? reg : reg(handler);
  }

  /** Alias of {@link ChatExtension.function} for `@chat.fn(...)` (esbuild rejects `@chat.function`). */
  fn<P extends ObjectSchemaLike | undefined = undefined, D extends SchemaLike | undefined = undefined>(
    name: string,
    opts: ChatFunctionOptions<P, D>,
    handler: ChatFunctionHandler<P, D>,
  ): ChatFunctionHandler<P, D>;
  fn<P extends ObjectSchemaLike | undefined = undefined, D extends SchemaLike | undefined = undefined>(
    name: string,
    opts: ChatFunctionOptions<P, D>,
  ): Registrar<ChatFunctionHandler<P, D>>;
  fn(
    name: string,
    opts: ChatFunctionOptions<ObjectSchemaLike | undefined, SchemaLike | undefined>,
    handler?: ChatFunctionHandler<unknown, unknown>,
  ): unknown {
    return handler === undefined
      ? (this.function as (n: string, o: unknown) => unknown)(name, opts)
      : (this.function as (n: string, o: unknown, h: unknown) => unknown)(name, opts, handler);
  }
}
