// Loads the WASM engine (build/scapula.wasm) in any host: the browser worker passes the fetched module,
// Node passes the file's bytes (engine/node/capture-file.ts). One instance holds one capture; dropping the instance
// frees all its memory at once.

/** The exports of build/scapula.wasm (see wasm/src/index.ts). Numbers are i32/u32; u64 come as bigint. */
export interface EngineExports {
  memory: WebAssembly.Memory;
  engineVersion(): number;
  rawReserve(n: number): number;
  rawCommit(n: number): void;
  rawPtr(): number;
  rawLength(): number;
  diagCount(): number;
  diagSuppressed(): number;
  diagSeverity(i: number): number;
  diagOffset(i: number): number;
  diagMessage(i: number): number;
  walk(final: number): number;
  walkerPosition(): number;
  walkerFatal(): number;
  walkerTruncated(): number;
  walkerSections(): number;
  walkerUnknownBlocks(): number;
  walkerCorruptEvents(): number;
  eventCount(): number;
  evOffset(i: number): number;
  evType(i: number): number;
  evFlags(i: number): number;
  evNParams(i: number): number;
  evTs(i: number): bigint;
  evVisible(i: number): number;
  evPartner(i: number): number;
  summaryScan(): number;
  summaryFirstTs(): bigint;
  summaryLastTs(): bigint;
  summaryKeyEvent(k: number): number;
  summaryKeyCount(k: number): number;
  evTid(i: number): bigint;
  evLen(i: number): number;
  evCpu(i: number): number;
  evBlockOffset(i: number): number;
  evBlockLength(i: number): number;
  locateParams(i: number): number;
  paramOffPtr(): number;
  paramLenPtr(): number;
  indexBytes(): number;
  indexReserve(events: number): void;
  extractField(field: number, argNum: bigint, argPtr: number, argLen: number, ev: number): number;
  // Other areas add their exports here as they add them to wasm/src/index.ts.
  [name: string]: unknown;
}

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
  const exports = instance.exports as unknown as EngineExports;
  memory = exports.memory;
  return new Engine(exports);
}
