// Symbol.for keys are shared across every copy of the SDK (bundles carry their own copy), so code
// outside a bundle can recognise its objects without instanceof.
export const EXTENSION_BRAND: unique symbol = Symbol.for("imperal.sdk.extension") as never;
export const ACTION_RESULT_BRAND: unique symbol = Symbol.for("imperal.sdk.actionResult") as never;
export const REGISTRY_KEY: unique symbol = Symbol.for("imperal.sdk.registry") as never;
export const CHAT_EXTENSION_BRAND: unique symbol = Symbol.for("imperal.sdk.chatExtension") as never;
