// Node-only helpers: instantiate the engine from build/scapula.wasm and open a capture file as a stream.
import { readFileSync, createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateEngine, type Engine } from '../wasm.ts';
import { Capture, rawSizeHint, type LoadOptions, type DirectSource } from '../capture.ts';
import { setDefaultDecompressor } from '../ingest/inflate.ts';
import { nodeGunzip } from './gunzip.ts';

// Every Node engine comes from here (nodeEngine): gzip input then goes through zlib directly.
setDefaultDecompressor(nodeGunzip);

// SCAPULA_WASM names another build, e.g. build/scapula.profile.wasm (`npm run build:wasm:profile`: the
// release build with a name section, so profiles name the WASM functions).
const wasmPath = process.env.SCAPULA_WASM || join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'scapula.wasm');
let compiled: WebAssembly.Module | null = null;

/** build/scapula.wasm compiled once per process. */
export function engineModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(wasmPath));
  return compiled;
}

export async function nodeEngine(): Promise<Engine> {
  return instantiateEngine(engineModule());
}

/** A capture file as Capture.load's input (`size` is the file's); close() once the load is over. */
export interface CaptureFileInput {
  input: DirectSource | AsyncIterable<Uint8Array>;
  size: number;
  /** Expected raw (decompressed) size: Capture.load's sizeHint (rawSizeHint). */
  rawSize: number;
  close(): Promise<void>;
}

export async function captureFileInput(path: string): Promise<CaptureFileInput> {
  const size = statSync(path).size;
  // A plain .scap (its first block a section header) is read straight into engine memory; gzip, raw
  // logs and anything else go through the stream path that recognises them.
  const file = await open(path, 'r');
  const head = new Uint8Array(4);
  const { bytesRead } = await file.read(head, 0, 4, 0).catch(async (e) => { await file.close(); throw e; });
  if (bytesRead === 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a) {
    // Reads run one at a time and Capture.load calls no engine function while one is pending, so
    // the view into engine memory cannot be detached by a memory.grow under the read.
    const direct: DirectSource = {
      size,
      readInto: async (dst) => (await file.read(dst, 0, dst.length, null)).bytesRead,
    };
    return { input: direct, size, rawSize: size, close: () => file.close() };
  }
  const tail = new Uint8Array(4);
  const tailRead = size >= 4 ? (await file.read(tail, 0, 4, size - 4).catch(() => ({ bytesRead: 0 }))).bytesRead : 0;
  await file.close();
  const rawSize = rawSizeHint(size, head.subarray(0, bytesRead), tail.subarray(0, tailRead));
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return { input: stream as AsyncIterable<Uint8Array>, size, rawSize, close: async () => { stream.destroy(); } };
}

export async function openCaptureFile(path: string, opts: LoadOptions = {}): Promise<Capture> {
  const f = await captureFileInput(path);
  try {
    return await Capture.load(await nodeEngine(), f.input, { bytesTotal: f.size, sizeHint: opts.sizeHint ?? f.rawSize, ...opts });
  } finally {
    await f.close();
  }
}
