// Identifier rules come from the SDK's zod-free `patterns` entry: one source of truth shared with the registry and the
// manifest schema, and cheap to load (validating never pulls in the SDK runtime or zod).
export {
  APP_ID_PATTERN,
  SEMVER_PATTERN,
  CAPABILITY_PATTERN,
  IDENTIFIER_PATTERN,
  SECTION_PATTERN,
  TOOL_NAME_PATTERN,
  SECRET_NAME_PATTERN,
  EVENT_NAME_PATTERN,
  REFRESH_PATTERN,
  CACHE_KEY_PATTERN,
  ERROR_CODE_REGEX,
  CRON_PATTERN,
  PANEL_SLOTS,
  ACTION_TYPES,
  panelTool,
  skeletonRefreshTool,
  skeletonSectionOf,
  skeletonAlertTool,
  skeletonAlertSectionOf,
} from "@imperal/sdk/patterns";
