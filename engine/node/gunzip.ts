// In Node, the gzip decompressor of inflate.ts made straight from zlib's gunzip stream: the stream Node's
// own DecompressionStream wraps (so the same bytes out, the same members handling, the same errors), but
// without the web streams around it, whose loading and first use cost a short CLI run ~20 ms (`scapula
// read` of a 12 KB .scap.gz). It offers only what inflate.ts uses: a writer to feed and a reader to drain.
// Output already inflated is handed out before an error (a cut-short file keeps its inflated tail), and
// the inflater pauses while more than a few chunks wait to be read (bounded memory).
// engine/node/capture-file.ts installs it as inflate.ts's default (browsers keep DecompressionStream);
// zlib is taken on first use through process.getBuiltinModule, so a start that meets no gzip loads none of it.
import type { Decompressor } from '../ingest/inflate.ts';

interface GunzipStream {
  write(chunk: Uint8Array, cb: (err?: Error | null) => void): boolean;
  end(): void;
  pause(): void;
  resume(): void;
  destroy(): void;
  on(event: 'data', f: (c: Uint8Array) => void): void;
  on(event: 'end' | 'finish', f: () => void): void;
  on(event: 'error', f: (e: Error) => void): void;
}

/** Output chunks kept waiting for the reader before the inflater pauses. */
const MAX_QUEUED = 4;

/** A gunzip decompressor on Node's zlib. */
export function nodeGunzip(): Decompressor {
  const zlib = process.getBuiltinModule('node:zlib') as { createGunzip(): GunzipStream };
  const gz = zlib.createGunzip();
  const queue: Uint8Array[] = [];
  let ended = false;
  let finished = false;
  let error: Error | null = null;
  // settles the reader's pending read, or the writer's pending close
  let wakeReader: (() => void) | null = null;
  let wakeCloser: (() => void) | null = null;
  const wake = () => {
    const r = wakeReader, c = wakeCloser;
    wakeReader = null; wakeCloser = null;
    r?.(); c?.();
  };
  // write callbacks not called yet: settled with the error if the stream is destroyed under them
  const pendingWrites = new Set<(err: Error | null) => void>();
  const fail = (e: Error) => {
    error ??= e;
    for (const w of [...pendingWrites]) w(error);
    wake();
  };
  gz.on('data', (c) => {
    // a plain Uint8Array view (a Buffer's slice() would not copy)
    queue.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    if (queue.length >= MAX_QUEUED) gz.pause();
    wake();
  });
  gz.on('end', () => { ended = true; wake(); });
  gz.on('finish', () => { finished = true; wake(); });
  gz.on('error', fail);

  const writer = {
    write: (chunk: Uint8Array) => new Promise<void>((resolve, reject) => {
      if (error) { reject(error); return; }
      const done = (err: Error | null) => {
        if (!pendingWrites.delete(done)) return;
        if (err) reject(err); else resolve();
      };
      pendingWrites.add(done);
      gz.write(chunk, (err) => done(err ?? null));
    }),
    close: async () => {
      if (error) throw error;
      gz.end();
      while (!finished && !error) await new Promise<void>((r) => { wakeCloser = r; });
      if (error && !finished) throw error;
    },
  };
  const reader = {
    read: async (): Promise<{ done: boolean; value?: Uint8Array }> => {
      for (;;) {
        const value = queue.shift();
        if (value) {
          if (queue.length < MAX_QUEUED) gz.resume();
          return { done: false, value };
        }
        if (error) throw error;
        if (ended) return { done: true };
        await new Promise<void>((r) => { wakeReader = r; });
      }
    },
    cancel: async () => {
      queue.length = 0;
      gz.destroy();
      fail(new Error('inflate cancelled'));
    },
  };
  return { writable: { getWriter: () => writer }, readable: { getReader: () => reader } };
}
