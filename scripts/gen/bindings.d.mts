// Types of scripts/gen/bindings.mjs for the test that imports it.
export function wasmSignatures(): Record<string, { params: string[]; results: string[] }>;
export function generate(): void;
