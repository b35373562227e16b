// Types of scripts/gen/bindings.mjs for the tests that import it.
export const OUT: string;
export function render(): string;
export function wasmSignatures(): Record<string, { params: string[]; results: string[] }>;
export function generate(): void;
