import { describe, expect, it } from "vitest";
import { memoryConformanceFactory, runConformance } from "../src/conformance/index.js";

// The testing kit runs the same suite the local kernel runs against its SQLite clients.
runConformance({ describe, it, expect }, memoryConformanceFactory);
