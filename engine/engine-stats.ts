// What an engine instance holds and what its last filter run did: memory by part, state versions, the
// filter's work counters and value cache. For the benchmarks, the fuzzers and the tests that bound
// memory and work (Capture.engineStats); nothing here changes the engine.
import type { Engine } from './wasm.ts';

export interface EngineStats {
  /** Linear memory in bytes. */
  memoryBytes: number;
  /** Bytes of the capture held. */
  rawBytes: number;
  /** Linear memory in page runs outside the allocator's heap: raw region, index columns, state chunks
   *  (wasm/src/core/pages.ts); the rest of memoryBytes is the allocator's heap and free page runs. */
  pageBytes: number;
  /** Of the rest: free page runs (grown ahead of need, or given back), untouched until used. */
  freePageBytes: number;
  /** Of pageBytes: the state's large hash maps (blocks of 64 KiB and more, wasm/src/state/livemap.ts). */
  mapBytes: number;
  /** Bytes of the event index. */
  indexBytes: number;
  /** Events sysdig shows. */
  visibleEvents: number;
  state: {
    bytes: number;
    /** Bytes by part (wasm/src/state/exports.ts stateBytesPart). */
    perEventBytes: number; threadBytes: number; fdBytes: number; userBytes: number; containerBytes: number; stringBytes: number;
    threadVersions: number;
    fdVersions: number;
    strings: number;
    /** Events whose fd.num is stored (not derivable from their fd version). */
    fdNumExceptions: number;
  };
  filter: {
    /** Events tested by leaves, and full leaf evaluations, in the last run. */
    visits: number;
    evals: number;
    cacheBytes: number;
    cacheColumns: number;
    cacheMaxColumns: number;
    cacheTuples: number;
  };
}

export function readEngineStats(engine: Engine): EngineStats {
  const w = engine.exports;
  return {
    memoryBytes: w.memory.buffer.byteLength,
    rawBytes: w.rawLength() >>> 0,
    pageBytes: w.pagesBytes() >>> 0,
    freePageBytes: w.pagesFreeBytes() >>> 0,
    mapBytes: w.liveMapPageBytes() >>> 0,
    indexBytes: w.indexBytes() >>> 0,
    visibleEvents: w.visibleCount() >>> 0,
    state: {
      bytes: w.stateBytes(),
      perEventBytes: w.stateBytesPart(0), threadBytes: w.stateBytesPart(1), fdBytes: w.stateBytesPart(2),
      userBytes: w.stateBytesPart(3), containerBytes: w.stateBytesPart(4), stringBytes: w.stateBytesPart(5),
      threadVersions: w.stateThreadVersions() >>> 0,
      fdVersions: w.stateFdVersions() >>> 0,
      strings: w.stateStrings(),
      fdNumExceptions: w.stateFdNumExceptions() >>> 0,
    },
    filter: {
      visits: w.filterStatVisits(), evals: w.filterStatEvals(),
      cacheBytes: w.filterValueCacheBytes(), cacheColumns: w.filterValueCacheColumns(),
      cacheMaxColumns: w.filterValueCacheMaxColumns(), cacheTuples: w.filterValueCacheTuples(),
    },
  };
}
