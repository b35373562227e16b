// Node-only helpers: instantiate the engine from build/scapula.wasm and open a capture file as a stream.
import { readFileSync, createReadStream, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateEngine, type Engine } from './wasm.ts';
import { Capture, type LoadOptions } from './capture.ts';

// SCAPULA_WASM names another build, e.g. build/scapula.profile.wasm (`npm run build:wasm:profile`: the
// release build with a name section, so profiles name the WASM functions).
const wasmPath = process.env.SCAPULA_WASM || join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'scapula.wasm');
let compiled: WebAssembly.Module | null = null;

export async function nodeEngine(): Promise<Engine> {
  compiled ??= new WebAssembly.Module(readFileSync(wasmPath));
  return instantiateEngine(compiled);
}

export async function openCaptureFile(path: string, opts: LoadOptions = {}): Promise<Capture> {
  const size = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return Capture.load(await nodeEngine(), stream as AsyncIterable<Uint8Array>, {
    bytesTotal: size, sizeHint: opts.sizeHint ?? size, ...opts,
  });
}
