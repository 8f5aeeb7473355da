export { checkPlaceholders } from "./placeholders.js";
export type { GuardFailure } from "./placeholders.js";
export { checkFabricatedIds, isIdKey } from "./fabricated-ids.js";
export type { FabricatedIdOptions } from "./fabricated-ids.js";
export { SeenIndex, isSeenIndex } from "./seen-index.js";
export { validateParams, VALIDATION_RETRY_BUDGET } from "./validate-params.js";
export type { ValidateParamsResult } from "./validate-params.js";
export { toUserMessage, issuesToProse, cleanText } from "./user-message.js";
