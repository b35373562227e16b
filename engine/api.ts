// The one typed contract between the engine (TypeScript host around the WASM core) and its users:
// the web app talks to it through comlink in a worker, the CLI and benchmarks call it directly.
// Everything crossing it is plain data (structured-clone friendly); bulk data travels as typed arrays.
// Extend it additively; never rename a member other code already uses.

/** A problem in the input, always with the byte offset (in the decompressed stream) where it was found. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Byte offset in the decompressed capture stream. */
  offset: number;
  message: string;
}

export interface LoadProgress {
  /** Compressed (file) bytes consumed so far, and the file size when known. */
  bytesRead: number;
  bytesTotal: number | null;
  /** Events indexed so far. */
  events: number;
  done: boolean;
}

export interface MachineInfo {
  hostname: string;
  numCpus: number;
  memoryBytes: number;
  bootTimeNs: string;
}

export interface CaptureSummary {
  /** Events stored in the file (every event block, hidden ones included). */
  totalEvents: number;
  /** Events shown by default (sysdig's view: no procinfo, no state-only, no internal events). */
  visibleEvents: number;
  /** Decompressed size of the capture. */
  bytes: number;
  /** Timestamps in ns since the epoch, as decimal strings (u64 does not fit a JS number). */
  firstTs: string | null;
  lastTs: string | null;
  machine: MachineInfo | null;
  sections: number;
  /** Event type name -> count (visible events). */
  eventTypeCounts: Record<string, number>;
  diagnostics: Diagnostic[];
  /** Set when the capture could not be read at all. */
  error: Diagnostic | null;
  loadMs: number;
}

/** One row of the event list. `index` is the event's position in the file (0-based, all events). */
export interface EventRow {
  index: number;
  /** sysdig's evt.num. */
  num: number;
  /** ns since epoch, decimal string. */
  ts: string;
  cpu: number;
  proc: string;
  tid: number;
  dir: '>' | '<' | '';
  type: string;
  /** Syscall latency in ns for exit events paired with their enter event, else null. */
  latencyNs: number | null;
  info: string;
  /** Values of extra columns requested by field name ("apply as column"). */
  extra?: Record<string, string>;
  /** Index of the first coloring rule (ViewerApi.setColoring) the event matches, or -1 / absent. */
  color?: number;
}

/** A byte range inside the decompressed capture (for the hex view). */
export interface ByteRange {
  start: number;
  length: number;
}

/** Where a value that did not come from the event itself was learned. */
export interface StateOrigin {
  kind: 'process-list' | 'fd-list' | 'user-list' | 'event' | 'inferred';
  /** Event index when kind = 'event'. */
  eventIndex?: number;
  /** Block offset when it came from a metadata block. */
  blockOffset?: number;
}

export interface FieldValue {
  /** Filter field name, e.g. `proc.name`, `evt.arg.fd`. */
  field: string;
  label: string;
  value: string;
  /** Exact bytes the value came from, when it came from the event. */
  range: ByteRange | null;
  origin: StateOrigin | null;
}

export interface DetailSection {
  title: string;
  fields: FieldValue[];
}

export interface EventDetail {
  index: number;
  /** The whole event block, for the hex view. */
  block: ByteRange;
  bytes: Uint8Array;
  sections: DetailSection[];
  /** Index of the matching enter/exit event, if any. */
  partner: number | null;
}

export interface FilterError {
  /** 0-based character offset in the expression, and 1-based line/column. */
  pos: number;
  line: number;
  col: number;
  message: string;
}

export interface FilterResult {
  ok: boolean;
  /** Matching events, as file indices in file order. */
  count: number;
  error: FilterError | null;
  ms: number;
}

/** The worker-side API the web app uses through comlink (the CLI uses the same methods in-process). */
export interface CaptureApi {
  /** Open a capture; progress is reported through the callback (a comlink proxy in the browser). */
  open(source: Blob | Uint8Array, name: string, onProgress?: (p: LoadProgress) => void): Promise<CaptureSummary>;
  cancel(): void;
  /** Rows of the current view (filtered, visible events), `start` counted in that view. */
  rows(start: number, count: number, extraFields?: string[]): Promise<EventRow[]>;
  /** Number of rows in the current view. */
  viewSize(): Promise<number>;
  /** Position of an event (file index) in the current view, or -1. */
  viewPosition(index: number): Promise<number>;
  setFilter(expr: string): Promise<FilterResult>;
  validateFilter(expr: string): Promise<FilterError | null>;
  detail(index: number): Promise<EventDetail>;
}

/** What Ctrl-F looks for: events matching a filter, or a string in the info column or in the raw bytes. */
export interface FindQuery {
  kind: 'filter' | 'info' | 'bytes';
  text: string;
}

export interface FindResult {
  /** Position in the current view of the next match, or -1. */
  position: number;
  error: FilterError | null;
}

/** Columns the view can be sorted by (file order when none). */
export type SortKey = 'num' | 'time' | 'cpu' | 'proc' | 'tid' | 'type' | 'latency' | 'info' | `field:${string}`;

/** What the web app's worker offers beyond CaptureApi (engine/service.ts implements both). */
export interface ViewerApi extends CaptureApi {
  /** Resolves once the WASM module is compiled (called at page load to start the engine early). */
  ready(): Promise<{ engineVersion: number }>;
  /** Summary of the open capture (while loading: what is known so far), or null. */
  summary(): Promise<CaptureSummary | null>;
  find(query: FindQuery, fromPosition: number, backwards: boolean): Promise<FindResult>;
  /** View position of the event whose evt.num is `num` (or of the first one after it), or -1. */
  positionOfNum(num: number): Promise<number>;
  /** Next (or previous) view position showing the same thread as the row at `position`, or -1. */
  sameThread(position: number, backwards: boolean): Promise<number>;
  /** Coloring rules as filter expressions, first match wins; returns each rule's compile error. */
  setColoring(filters: string[]): Promise<(FilterError | null)[]>;
  /** Sort the current view; null restores file order. */
  sortView(key: SortKey | null, descending: boolean): Promise<void>;
}
