import { classifyEmbedded } from "./embedded/index.js";
import { OpenAIClassifier, type OpenAIClassifierOptions } from "./openai.js";
import type { Classifier, ClassifyInput } from "./types.js";

// Named, not `export *`: the package's public surface stays as it was; the outcome vocabulary is for the classifiers.
export {
  ClassificationSchema,
  PlanStepSchema,
  isClassifierTarget,
  validateClassification,
  type CatalogEntry,
  type ChatMessage,
  type Classification,
  type Classifier,
  type ClassifyInput,
  type FactLedgerInput,
  type JsonSchema,
  type KnownEntity,
  type PlanStep,
} from "./types.js";
export * from "./dates.js";
export {
  classifyEmbedded,
  entitiesFromSkeletonBlock,
  isAcceptance,
  isRefusal,
  detectLanguage,
  splitSteps,
} from "./embedded/index.js";
export { OpenAIClassifier, buildClassifierPrompt, type OpenAIClassifierOptions } from "./openai.js";

/** The default offline classifier as a Classifier object. */
export class EmbeddedClassifier implements Classifier {
  readonly kind = "embedded" as const;
  /** Deterministic; resolves synchronously computed output. */
  async classify(input: ClassifyInput) {
    return classifyEmbedded(input);
  }
}

/** Creates the classifier the kernel's `llm` option names ("embedded" default, "openai" reads IMPERAL_LLM_*). */
export function createClassifier(
  kind: "embedded" | "openai" = "embedded",
  opts: OpenAIClassifierOptions = {},
): Classifier {
  return kind === "openai" ? new OpenAIClassifier(opts) : new EmbeddedClassifier();
}
