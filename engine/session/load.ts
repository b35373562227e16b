// How a capture reaches the Session: the options and input types of its loads, and for the browser a
// Blob (or bytes) read as chunks, giving the worker's event loop a turn now and then so requests queued
// while loading (rows for the first screen, a cancel) are answered before the load ends.
import type { DirectSource, FormatOptions } from '../capture.ts';

export interface SessionOptions {
  /**
   * true (the worker's default): loads walk in small steps and yield to the host, filters run window by
   * window (cancellable), rules yield between rules and keep at most 200 000 alerts, so requests are
   * answered while long work runs. false (the CLI): every step runs straight through.
   */
  cooperative?: boolean;
  /**
   * Filters understand the `rule` pseudo-field (`rule exists`, `rule = "Name"`: events with alerts of
   * the last rules run; none before one). Default true (the app); the CLI passes false, so there `rule`
   * is an unknown field until rules are loaded.
   */
  ruleField?: boolean;
}

/** Output printed while a capture loads (Session.loadCapture): the format, and where chunks go (false = stop). */
export interface LivePrint {
  format: FormatOptions;
  write(chunk: Uint8Array): boolean;
}

/** What a host hands to Session.load: the capture's bytes, opened once the load starts. */
export type CaptureInput = (signal: AbortSignal) => AsyncIterable<Uint8Array> | DirectSource;

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
