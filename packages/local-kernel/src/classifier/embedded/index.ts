// The embedded classifier: offline, deterministic routing of a chat message to catalog tools with typed args.
// Design notes in docs/architecture.md (classifier, safety rules, dialogue state). Nothing here is specific to one extension: every signal comes from the
// catalog (tool names, descriptions, JSON Schema params) and the conversation (skeleton block, fact ledger).
export { classifyEmbedded } from "./classify.js";
export { entitiesFromSkeletonBlock } from "./entities.js";
export { detectLanguage, isAcceptance, isRefusal } from "./shortcuts.js";
export { splitSteps } from "./steps.js";
