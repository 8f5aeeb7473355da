/** Version of this SDK, written into every manifest as `sdk_version` (a test keeps it equal to package.json). */
export const SDK_VERSION = "0.1.0";
