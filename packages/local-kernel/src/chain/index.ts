export * from "./refs.js";
