// The WASM engine's export surface: everything the TypeScript host may call. Each export is a thin
// wrapper over a module in wasm/src/<area>/; keep logic out of this file.
export function engineVersion(): i32 {
  return 1;
}

export { extractField } from './fields/extract';
