// Types of the parts of scripts/lib/gen-util.mjs the tests use.
export const root: string;
export const genCheck: { active: boolean; stale: string[] };
export function writeIfChanged(rel: string, text: string): void;
