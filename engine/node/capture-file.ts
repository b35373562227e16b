// Node-only helpers: instantiate the engine from build/scapula.wasm and open a capture file as a stream.
import { readFileSync, createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateEngine, type Engine } from '../wasm.ts';
import { Capture, type LoadOptions, type DirectSource } from '../capture.ts';

// SCAPULA_WASM names another build, e.g. build/scapula.profile.wasm (`npm run build:wasm:profile`: the
// release build with a name section, so profiles name the WASM functions).
const wasmPath = process.env.SCAPULA_WASM || join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'scapula.wasm');
let compiled: WebAssembly.Module | null = null;

export async function nodeEngine(): Promise<Engine> {
  compiled ??= new WebAssembly.Module(readFileSync(wasmPath));
  return instantiateEngine(compiled);
}

export async function openCaptureFile(path: string, opts: LoadOptions = {}): Promise<Capture> {
  const size = statSync(path).size;
  const loadOpts = { bytesTotal: size, sizeHint: opts.sizeHint ?? size, ...opts };
  // A plain .scap (its first block a section header) is read straight into engine memory; gzip, raw
  // logs and anything else go through the stream path that recognises them.
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    if (bytesRead === 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a) {
      // Reads run one at a time and Capture.load calls no engine function while one is pending, so
      // the view into engine memory cannot be detached by a memory.grow under the read.
      const direct: DirectSource = {
        size,
        readInto: async (dst) => (await file.read(dst, 0, dst.length, null)).bytesRead,
      };
      return await Capture.load(await nodeEngine(), direct, loadOpts);
    }
  } finally {
    await file.close();
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return Capture.load(await nodeEngine(), stream as AsyncIterable<Uint8Array>, loadOpts);
}
