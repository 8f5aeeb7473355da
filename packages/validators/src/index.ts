/**
 * @imperal/validators — static analysis of Imperal extensions (SPEC 2). The extension is never executed.
 *
 *   const result = await validateExtension("path/to/ext");
 *   process.stdout.write(format(result, "stylish"));
 */
export type {
  Finding,
  Severity,
  RuleMeta,
  ValidateOptions,
  ValidateResult,
  ExtensionSummary,
  JsonReport,
} from "./types.js";
export { validateExtension, validateSources, ruleIds, compareFindings, type SourceText } from "./engine/validate.js";
export { ValidatorError, ValidatorUsageError, ERROR_CODES, FINDING_IDS, type ErrorCode } from "./errors.js";
export { rules } from "./rules/index.js";
export type { Rule, RuleContext } from "./engine/rule.js";
export {
  format,
  formatStylish,
  formatJson,
  formatSarif,
  formatGithub,
  toSarif,
  toJsonReport,
  isOk,
  FORMATS,
  type Format,
  type FormatOptions,
} from "./reporters/index.js";
export { loadManifestSchema } from "./rules/V14-manifest-conformance.js";
export { resolveIcon, checkSvgText, ICON_MAX_BYTES } from "./engine/svg.js";
