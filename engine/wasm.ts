// Loads the WASM engine (build/scapula.wasm) in any host: the browser worker passes the fetched module,
// Node passes the file's bytes (engine/node/capture-file.ts). One instance holds one capture; dropping the instance
// frees all its memory at once.

import { ENGINE_FUNCTIONS, type EngineExports } from './generated/bindings.ts';

export type { EngineExports };

export class Engine {
  constructor(readonly exports: EngineExports) {}

  /** A fresh view of linear memory (memory.grow detaches older views). */
  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr >>> 0, len >>> 0);
  }

  u32(ptr: number, count: number): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, ptr >>> 0, count >>> 0);
  }

  /** Reads an AssemblyScript string (UTF-16LE, byte length stored just before it). */
  asString(ptr: number): string {
    if (!ptr) return '';
    const buf = this.exports.memory.buffer;
    const byteLen = new Uint32Array(buf, (ptr >>> 0) - 4, 1)[0];
    return new TextDecoder('utf-16le').decode(new Uint8Array(buf, ptr >>> 0, byteLen));
  }
}

function abortMessage(memory: () => WebAssembly.Memory, msg: number, file: number, line: number, col: number): string {
  const read = (p: number) => {
    if (!p) return '';
    const buf = memory().buffer;
    const n = new Uint32Array(buf, p - 4, 1)[0];
    return new TextDecoder('utf-16le').decode(new Uint8Array(buf, p, n));
  };
  return `engine abort: ${read(msg)} at ${read(file)}:${line}:${col}`;
}

export async function instantiateEngine(source: BufferSource | WebAssembly.Module): Promise<Engine> {
  let memory: WebAssembly.Memory | null = null;
  const imports = {
    env: {
      abort(msg: number, file: number, line: number, col: number): never {
        throw new Error(abortMessage(() => memory!, msg, file, line, col));
      },
      trace(): void {},
      seed(): number { return Date.now(); },
    },
  };
  const instance = source instanceof WebAssembly.Module
    ? await WebAssembly.instantiate(source, imports)
    : (await WebAssembly.instantiate(source, imports)).instance;
  const exports = engineExports(instance.exports);
  memory = exports.memory;
  return new Engine(exports);
}

/**
 * The instance's exports as the generated EngineExports, after checking that every function the bindings
 * name is there (a build older than the sources fails here, not at its first call).
 */
function engineExports(x: WebAssembly.Exports): EngineExports {
  if (!hasEngineExports(x)) throw new Error(`engine build lacks ${missingExport(x)}: rebuild with npm run build:wasm`);
  return x;
}

function hasEngineExports(x: WebAssembly.Exports): x is WebAssembly.Exports & EngineExports {
  return missingExport(x) === null;
}

function missingExport(x: WebAssembly.Exports): string | null {
  if (!(x.memory instanceof WebAssembly.Memory)) return 'memory';
  return ENGINE_FUNCTIONS.find((name) => typeof x[name] !== 'function') ?? null;
}
