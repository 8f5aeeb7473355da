/**
 * Identifier rules, mirrored from @imperal/sdk's patterns (the SDK's registry and manifest schema use the same
 * regexes). They are copied rather than imported so that validating never loads the SDK runtime (and zod);
 * test/patterns.test.ts proves they equal the SDK's exports.
 */
export const APP_ID_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const CAPABILITY_PATTERN = /^\*$|^[a-z][a-z0-9_-]*(:[a-z0-9_*-]+)+$/;
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]*$/;
export const SECTION_PATTERN = /^[a-z][a-z0-9_]*$/;
export const TOOL_NAME_PATTERN = IDENTIFIER_PATTERN;
export const SECRET_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const EVENT_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
export const REFRESH_PATTERN = /^(manual|on_event:[a-z][a-z0-9_.-]*(,[a-z][a-z0-9_.-]*)*)$/;
export const CACHE_KEY_PATTERN = /^[A-Za-z0-9_:-]{1,128}$/;
export const ERROR_CODE_REGEX = /^[A-Z][A-Z0-9_]{2,63}$/;
const CRON_ITEM = "(\\*|[0-9]{1,2}(-[0-9]{1,2})?)(\\/[0-9]{1,2})?";
const CRON_FIELD = `${CRON_ITEM}(,${CRON_ITEM})*`;
export const CRON_PATTERN = new RegExp(`^${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD} ${CRON_FIELD}$`);
export const PANEL_SLOTS = ["center", "left", "right", "overlay", "bottom", "chat-sidebar"] as const;
export const ACTION_TYPES = ["read", "write", "destructive"] as const;
