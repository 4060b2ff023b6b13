// Types for verify-bundle.mjs.

/** The file: URLs a bundle imports (static `from "file:..."` and dynamic `import("file:...")`). */
export function fileImportsOf(bundleText: string): string[];
