// Types of scripts/gen/boundary.mjs for the tests that import it.
export const OUTS: string[];
export function render(): Record<string, string>;
export function generate(): void;
