// Public entry of @imperal/sdk.
export { z } from "zod/v4";
export { Extension, makeRegistrar } from "./registry/extension.js";
export { ChatExtension } from "./registry/chat.js";
export { callableSurface, findCallable, summarizeSurface, isExtension, getRegistry } from "./registry/surface.js";
export type { CallableTool, CallableKind, SurfaceSummary, RegistryData, ChatDeclaration } from "./registry/surface.js";
export type * from "./registry/types.js";
export { ActionResult, isActionResult, isActionResultJSON, ERROR_CODE_PATTERN } from "./result/action-result.js";
export type { ActionResultJSON, SuccessOptions, ErrorOptions } from "./result/action-result.js";
export {
  ImperalError,
  SkeletonAccessForbidden,
  StoreConflict,
  SecretNotDeclared,
  ValidationError,
  TaskCancelled,
  SystemOnly,
  EventNotDeclared,
  CircularCallError,
  NotFound,
  RegistrationError,
  ManifestError,
  isImperalError,
  SDK_ERROR_CODES,
  isSdkErrorCode,
} from "./errors/index.js";
export type { SdkErrorCode } from "./errors/index.js";
export { buildContext, makeUser, scopeGranted } from "./context/build.js";
export type { ContextParts } from "./context/build.js";
export type * from "./context/types.js";
export { buildHttpUrl } from "./context/http-url.js";
export type { HttpQueryValue } from "./context/http-url.js";
export { executeTool } from "./dispatch/execute.js";
export type { ToolOutcome, ExecuteOptions } from "./dispatch/execute.js";
export { runPlatform, platformInfo, normaliseHealth, replyOf, emittableType } from "./dispatch/platform.js";
export type { PlatformInfo, PlatformArgs, WireWebhookRequest } from "./dispatch/platform.js";
export { checkPlaceholders, checkFabricatedIds, validateParams, toUserMessage } from "./guards/index.js";
export {
  ui,
  isUINode,
  UI_NODES,
  COMMON_PROPS,
  sampleNode,
  galleryPage,
  renderUiDocs,
  sanitizeHtml,
} from "./ui/index.js";
export type * from "./ui/index.js";
export {
  ManifestSchema,
  ManifestToolSchema,
  ManifestPanelSchema,
  ManifestSkeletonSchema,
  ManifestSecretSchema,
  ManifestScheduleSchema,
  manifestJsonSchema,
} from "./manifest/schema.js";
export type { Manifest, ManifestTool, ManifestPanel, ManifestSkeleton } from "./manifest/schema.js";
export { generateManifest, serializeManifest, checkManifest } from "./manifest/generate.js";
export type { GenerateManifestOptions } from "./manifest/generate.js";
export {
  schemaToJsonSchema,
  isZod3Schema,
  isZod4Schema,
  isZodSchema,
  isZodObject,
  safeParseAny,
} from "./schema/index.js";
export type { Infer, SchemaLike, ObjectSchemaLike, SchemaIssue } from "./schema/index.js";
export * from "./patterns.js";
export { SDK_VERSION } from "./version.js";
export { createConfigClient, resolveConfig, mergeConfig } from "./config/index.js";
export type { ConfigClient, ConfigFile } from "./config/index.js";
export { EXTENSION_BRAND, ACTION_RESULT_BRAND, REGISTRY_KEY } from "./brand.js";
