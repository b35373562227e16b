// The Capture: one loaded .scap in one WASM engine instance. Feeds chunks to the block walker as they
// arrive (so the first rows exist before the file is read), and exposes the index, diagnostics and, as
// the areas land, rows, details, fields and filters. Host-agnostic: the web worker and the CLI share it.
import type { CaptureSummary, Diagnostic, LoadProgress } from './api.ts';
import { Engine } from './wasm.ts';
import { inflateIfGzip, InflateState } from './ingest/inflate.ts';

export interface LoadOptions {
  /** Expected decompressed size, to reserve memory once (the file size for raw captures). */
  sizeHint?: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** File size, for progress. */
  bytesTotal?: number | null;
  /** Receives the Capture as soon as it exists, so a viewer can show rows while the rest loads. */
  onCapture?: (cap: Capture) => void;
}

/** How often (in input bytes) to run the walker and report progress while loading. */
const WALK_EVERY = 4 << 20;

export class Capture {
  readonly inflate = new InflateState();
  loadMs = 0;
  private hostDiagnostics: Diagnostic[] = [];

  private constructor(readonly engine: Engine) {}

  get wasm() {
    return this.engine.exports;
  }

  static async load(engine: Engine, input: AsyncIterable<Uint8Array>, opts: LoadOptions = {}): Promise<Capture> {
    const t0 = performance.now();
    const cap = new Capture(engine);
    opts.onCapture?.(cap);
    const w = engine.exports;
    if (opts.sizeHint) w.rawReserve(opts.sizeHint);
    let bytesRead = 0;
    let sinceWalk = 0;
    const counted = (async function* () {
      for await (const c of input) {
        bytesRead += c.length;
        yield c;
      }
    })();
    for await (const chunk of inflateIfGzip(counted, cap.inflate)) {
      if (opts.signal?.aborted) throw new DOMException('load cancelled', 'AbortError');
      const ptr = w.rawReserve(chunk.length);
      if (!ptr) throw new Error(`capture too large: no memory for ${chunk.length} more bytes after ${w.rawLength()}`);
      engine.bytes(ptr, chunk.length).set(chunk);
      w.rawCommit(chunk.length);
      sinceWalk += chunk.length;
      if (sinceWalk >= WALK_EVERY) {
        sinceWalk = 0;
        w.walk(0);
        opts.onProgress?.({ bytesRead, bytesTotal: opts.bytesTotal ?? null, events: w.eventCount(), done: false });
      }
    }
    w.walk(1);
    if (cap.inflate.error) {
      cap.hostDiagnostics.push({
        severity: 'warning', offset: w.rawLength(),
        message: `gzip stream ended early (${cap.inflate.error}): the capture is truncated; every complete event before it was read`,
      });
    }
    cap.loadMs = performance.now() - t0;
    opts.onProgress?.({ bytesRead, bytesTotal: opts.bytesTotal ?? null, events: w.eventCount(), done: true });
    return cap;
  }

  get eventCount(): number {
    return this.wasm.eventCount();
  }

  /** Diagnostics from the walker and from the host (gzip), in input order. */
  diagnostics(): Diagnostic[] {
    const w = this.wasm;
    const out: Diagnostic[] = [];
    for (let i = 0, n = w.diagCount(); i < n; i++) {
      out.push({
        severity: w.diagSeverity(i) ? 'error' : 'warning',
        offset: w.diagOffset(i) >>> 0,
        message: this.engine.asString(w.diagMessage(i)),
      });
    }
    const suppressed = w.diagSuppressed();
    if (suppressed) out.push({ severity: 'warning', offset: w.rawLength(), message: `${suppressed} more problems not listed` });
    return [...out, ...this.hostDiagnostics].sort((a, b) => a.offset - b.offset);
  }

  /** True when nothing could be read (not a capture, unsupported section). */
  get unreadable(): boolean {
    return !!this.wasm.walkerFatal() && this.eventCount === 0;
  }

  /** The capture's bytes in [start, start+length) (copied, safe to keep). */
  rawBytes(start: number, length: number): Uint8Array {
    const w = this.wasm;
    const end = Math.min(start + length, w.rawLength());
    return this.engine.bytes(w.rawPtr() + start, Math.max(0, end - start)).slice();
  }

  /** Parameter byte ranges of event i: [absolute offset, length] pairs. */
  paramRanges(i: number): Array<[number, number]> {
    const w = this.wasm;
    const n = w.locateParams(i);
    const off = this.engine.u32(w.paramOffPtr(), n);
    const len = this.engine.u32(w.paramLenPtr(), n);
    const out: Array<[number, number]> = [];
    for (let k = 0; k < n; k++) out.push([off[k], len[k]]);
    return out;
  }

  summary(): CaptureSummary {
    const w = this.wasm;
    const n = this.eventCount;
    const diags = this.diagnostics();
    const fatal = diags.find((d) => d.severity === 'error' && this.unreadable) ?? null;
    return {
      totalEvents: n,
      visibleEvents: n,
      bytes: w.rawLength(),
      firstTs: n ? w.evTs(0).toString() : null,
      lastTs: n ? w.evTs(n - 1).toString() : null,
      machine: null,
      sections: w.walkerSections(),
      eventTypeCounts: {},
      diagnostics: diags,
      error: fatal,
      loadMs: this.loadMs,
    };
  }
}
