// Small English lexicon for the embedded classifier: verb classes, stopwords, cue words, conversation words and
// synonyms. Stemming is done by the `stemmer` package (Porter); the tables are words, stemmed once at load time.
export * from "./lexicon/verbs.js";
export * from "./lexicon/phrases.js";
export * from "./lexicon/words.js";
export * from "./lexicon/conversation.js";
export * from "./lexicon/synonyms.js";
