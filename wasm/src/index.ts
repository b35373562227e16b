// The WASM engine's export surface: everything the TypeScript host may call. Each export is a thin
// wrapper over a module in wasm/src/<area>/; keep logic out of this file.
export function engineVersion(): i32 {
  return 1;
}

export { rawReserve, rawCommit, rawPtr, rawLength } from './core/raw';
export { pagesBytes, pagesFreeBytes } from './core/pages';
export { liveMapPageBytes } from './state/livemap';
export { diagCount, diagSuppressed, diagSeverity, diagOffset, diagMessage } from './core/diagnostics';
export { walk, walkerFatal, walkerSections } from './load/walker';
export {
  eventCount, evOffset, evType, evFlags, evNParams, evTs, evTid, evLen, evCpu, evBlockOffset, evBlockLength,
  locateParams, paramOffPtr, paramLenPtr, indexBytes, indexReserve,
} from './reader/events';
export { extractField } from './fields/extract';
export { setFieldTimezone } from './fields/evt';
export {
  jsonInput, jsonTape, jsonTapeError, jsonTapeErrorAt, jsonTapeKinds, jsonTapeStarts,
  jsonTapeEnds, jsonTapeNexts, jsonTapeKeyStarts, jsonTapeKeyEnds,
} from './json/api';
export { outPtr, outLength, outReset } from './core/out';
export {
  planReset, planLiteral, planField, planBeginPlugin, formatBatch, formatOne, fmtSetSelection, fmtResetCount,
} from './format/line';
export { fmtCountedValue, scratchAlloc, scratchFree } from './format/api';
export { visibleCount, evVisible } from './state/visibility';
export { filterRun, filterRunWindow, filterRunMasked, filterResultPtr, filterErrorCode, filterPlanAlloc } from './filter/eval';
export { filterMatchTest } from './filter/selftest';
export { filterStatVisits, filterStatEvals } from './filter/eval';
export { valueCacheClear as filterCacheClear } from './filter/valcache';
export { filterValueCacheBytes, filterValueCacheColumns, filterValueCacheMaxColumns, filterValueCacheTuples } from './filter/valcache';
export {
  valuesKinds, valuesNums, valuesPtrs, valuesLens, valuesRangeStarts, valuesRangeLens, valuesOrigins,
  valuesOriginRefs,
} from './fields/host';
export { pluginIdOf } from './plugins/payload';
export { setMergeEnterParams, convertRun, convertDeliveredPtr, convertFinalTypePtr, convertEnterOfPtr, convertStat } from './convert/model';
export { evPartner, stateBytes, stateBytesPart, stateThreadVersions, stateFdVersions, stateStrings, stateFdNumExceptions } from './state/exports';
export { evThreadOrigin, evThreadOriginRef, evFdOrigin, evFdOriginRef } from './state/origins';
export { summaryScan, summaryFirstTs, summaryLastTs, summaryKeyEvent, summaryKeyCount } from './format/summary';
