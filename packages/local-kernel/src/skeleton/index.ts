export * from "./compress.js";
export * from "./types.js";
export * from "./scheduler.js";
export * from "./memory-store.js";
export * from "./entities.js";
