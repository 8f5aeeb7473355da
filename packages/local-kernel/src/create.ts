// createKernel: one extension (`extensionDir`) or several in one kernel (`extensionDirs`, SPEC 7.6).
import type { Kernel, KernelOptions } from "./api.js";
import { createKernelGroup } from "./federation/group.js";
import { bootKernel } from "./kernel.js";

export type { Kernel, KernelOptions } from "./api.js";

/** Boots the local kernel: opens the state dir(s), loads the build(s) into workers, optionally listens on 127.0.0.1. */
export function createKernel(options: KernelOptions): Promise<Kernel> {
  return options.extensionDirs?.length ? createKernelGroup(options) : bootKernel(options);
}
