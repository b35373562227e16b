// How the browser's capture reaches Capture.load: a Blob (or bytes) read as chunks, giving the worker's
// event loop a turn now and then so requests queued while loading (rows for the first screen, a cancel)
// are answered before the load ends.

/** Chunk size read from a Blob; DecompressionStream and the walker take any size. */
const READ_CHUNK = 1 << 20;
/** Input (file) bytes between two turns of the worker's event loop while loading (gzip: ~1 MiB inflated). */
const YIELD_EVERY = 128 << 10;
/** Input bytes per walker step in the worker (each step ends with a progress report). */
export const WORKER_WALK_EVERY = 1 << 20;

/** Resolves after the host's queued messages had their turn (a macrotask). */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(0);
  });
}

export async function* blobChunks(source: Blob | Uint8Array, signal: AbortSignal): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let o = 0; o < source.length; o += READ_CHUNK) yield source.subarray(o, o + READ_CHUNK);
    return;
  }
  const reader = source.stream().getReader();
  let sinceYield = 0;
  try {
    for (;;) {
      if (signal.aborted) return;
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
      // Buffered reads resolve as microtasks; give queued requests (rows for the first screen) a turn.
      sinceYield += r.value.length;
      if (sinceYield >= YIELD_EVERY) { sinceYield = 0; await macrotask(); }
    }
  } finally {
    reader.releaseLock();
  }
}
