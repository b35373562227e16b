// The one typed contract between the engine (TypeScript host around the WASM core) and its users:
// ScapulaApi, implemented by engine/session/ (Session). The web app talks to it through comlink in a
// worker; the CLI commands and the tests construct a Session in-process and call the same methods.
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
  /** Rows the view holds so far (the worker's reports: the list grows without asking viewSize). */
  shown?: number;
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
  /** null for plugin events (k8s audit, CloudTrail…): they have no CPU, thread or direction. */
  cpu: number | null;
  proc: string;
  tid: number | null;
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
  /** For plugin events: the payload and its JSON structure (for the formatted JSON view). */
  payload?: PluginPayload;
}

/** One JSON value of a plugin payload; offsets are absolute in the capture, like every ByteRange. */
export interface JsonNode {
  /** 1 object, 2 array, 3 string, 4 number, 5 true, 6 false, 7 null */
  kind: number;
  start: number;
  end: number;
  /** Member key's JSON text (quotes included) for object members, else -1. */
  keyStart: number;
  keyEnd: number;
  /** Index of the first node after this one's subtree. */
  next: number;
}

export interface PluginPayload {
  pluginId: number;
  /** Registry name (`k8saudit`) or null for ids the registry does not know. */
  plugin: string | null;
  /** Event source (`k8s_audit`, `aws_cloudtrail`, ...) or `unknown (plugin id N)`. */
  source: string;
  range: ByteRange;
  /** Nodes in document order (node 0 is the root), or null when the payload is not valid JSON. */
  nodes: JsonNode[] | null;
  /** Why the payload is not JSON, with the byte offset. */
  error: string | null;
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
  /** Set when cancelFilter (or a newer setFilter) stopped this one; the view is left as it was. */
  cancelled?: boolean;
  /** Events in the view after the filter (displayed events that match). */
  count: number;
  /** Stored events that match, hidden ones included (what `scapula filter FILTER CAPTURE` counts). */
  matched?: number;
  error: FilterError | null;
  ms: number;
}

/** Loading a capture and paging through its view (part of ScapulaApi). */
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
  /** Compiles `expr` once and narrows the view to its matches; a bad filter gives the positioned error. */
  setFilter(expr: string): Promise<FilterResult>;
  /** Stops a running setFilter (it resolves with `cancelled`); no effect when none runs. */
  cancelFilter(): void;
  /** Compiles without running: the filter bar's as-you-type check. */
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
  /** Stopped by cancelFind or a newer find before it reached an answer. */
  cancelled?: boolean;
}

/** Columns the view can be sorted by (file order when none). */
export type SortKey = 'num' | 'time' | 'cpu' | 'proc' | 'tid' | 'type' | 'latency' | 'info' | `field:${string}`;

/** Navigation, analyses and exports over the view (part of ScapulaApi). */
export interface ViewerApi extends CaptureApi {
  /** Resolves once the WASM module is compiled (called at page load to start the engine early). */
  ready(): Promise<{ engineVersion: number }>;
  /** Summary of the open capture (while loading: what is known so far), or null. */
  summary(): Promise<CaptureSummary | null>;
  find(query: FindQuery, fromPosition: number, backwards: boolean): Promise<FindResult>;
  /** Stops the running find (it answers `cancelled`); a newer find stops an older one too. */
  cancelFind(): void;
  /** View position of the event whose evt.num is `num` (or of the first one after it), or -1. */
  positionOfNum(num: number): Promise<number>;
  /** Next (or previous) view position showing the same thread as the row at `position`, or -1. */
  sameThread(position: number, backwards: boolean): Promise<number>;
  /** Coloring rules as filter expressions, first match wins; returns each rule's compile error. */
  setColoring(filters: string[]): Promise<(FilterError | null)[]>;
  /** Sort the current view; null restores file order. */
  sortView(key: SortKey | null, descending: boolean): Promise<void>;
  /** Memory held for the open capture: WASM linear memory and the view's typed arrays, in bytes. */
  memory(): Promise<{ wasmBytes: number; viewBytes: number; events: number }>;
  /** The processes seen by the events of the current view, with their parents (for a process tree); a newer call stops a running one, which answers []. */
  processes(): Promise<ProcessInfo[]>;
  /** The displayed events (file order) as `scapula read` prints them: text lines, or JSON lines (-j). */
  exportView(json: boolean): Promise<Blob>;
  /**
   * The displayed events as a new .scap that sysdig reads, with the state they need (`scapula write -F`
   * over the view): metadata blocks copied, events that change state but are not displayed kept as
   * state-only blocks.
   */
  exportScap(): Promise<{ blob: Blob; events: number; stateOnly: number }>;
  /**
   * The displayed events' columns (title and field each): CSV with a header of the titles, or JSON lines
   * exactly as `scapula read -j -p '*%field …'` prints them.
   */
  exportColumns(kind: 'csv' | 'json', columns: { title: string; field: string }[]): Promise<Blob>;
  /**
   * I/O graph: per series (the displayed events narrowed by its filter), events or I/O bytes per time
   * bucket between startNs and endNs (default: the displayed events' span). Bucket bounds in engine/io-graph.ts.
   */
  ioGraph(req: IoGraphRequest): Promise<IoGraph>;
  /** Conversations and endpoints of the displayed events (same numbers as `scapula stats --conversations -j`). */
  viewConversations(top?: number): Promise<Conversations>;
  /** The data read and written through the file descriptor of event `index` (same fd.name, same process). */
  followStream(index: number): Promise<StreamResult>;
  /** Displayed events per time bucket over the capture's time span (the timeline strip). */
  timeline(buckets: number): Promise<Timeline>;
  /** Statistics over the displayed events (engine/stats/, the same numbers as `scapula stats FILTER -j`). */
  viewStats(top?: number): Promise<ViewStats>;
  /**
   * The displayed events (file order, at most SQL_MAX_EVENTS) as the rows of `scapula export`'s events
   * table (engine/export/rows.ts), for the SQL console's duckdb-wasm: transferred.
   */
  sqlEventRows(): Promise<SqlEventRows>;
}

/** Most displayed events the SQL console loads (a row is ~0.5 KB of text in the worker, the page and DuckDB). */
export const SQL_MAX_EVENTS = 500_000;

export interface SqlEventRows {
  /** Arrow IPC stream: one text column per row key (`evt.num`, ...), as the CLI's read_json reads them. */
  ipc: Uint8Array;
  /** Select list over those columns giving the events table's columns and types (engine/export/duckdb.ts). */
  projection: string;
  /** Rows in `ipc`. */
  rows: number;
  /** Displayed events in all (more than `rows` when the view exceeds SQL_MAX_EVENTS). */
  displayed: number;
}

/** One process of the process tree: what its events say about it, and how many events it has in view. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  /** Events of this process in the current view. */
  events: number;
  /** Its first event in the view (file index). */
  firstIndex: number;
}

// ---- Falco rules (engine/rules/, served by engine/session/rules.ts) ---------------------------------

export interface RulesFileInput {
  name: string;
  text: string;
}

/** A load error or warning, shaped like Falco's. */
export interface RulesMessage {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  itemType: string;
  itemName: string;
  file: string;
  line: number;
  col: number;
  /** Falco-style multi-line report of this message. */
  text: string;
}

export interface RuleInfo {
  name: string;
  /** Capitalised Falco priority (`Warning`). */
  priority: string;
  priorityLevel: number;
  tags: string[];
  enabled: boolean;
  source: string;
  desc: string;
  /** Condition after macro/list expansion and exceptions. */
  condition: string;
  output: string;
  /** Event types the rule can match; null = all. */
  eventTypes: string[] | null;
}

export interface RulesLoadReport {
  ok: boolean;
  errors: RulesMessage[];
  warnings: RulesMessage[];
  rules: RuleInfo[];
}

export interface RulesRunOptions {
  model: 'current' | 'legacy';
  matching?: 'first' | 'all';
  /** 0 = Emergency .. 7 = Debug. */
  minPriority?: number;
  disableTags?: string[];
  enableTags?: string[];
  disableNames?: string[];
  /** Explicit per-rule toggles from the UI. */
  disabledRules?: string[];
  enabledRules?: string[];
}

export interface RulesRunProgress {
  rulesDone: number;
  rulesTotal: number;
  alerts: number;
}

export interface RulesRunSummary {
  alerts: number;
  /** Alerts per rule name. */
  counts: Record<string, number>;
  evaluated: number;
  ms: number;
  model: 'current' | 'legacy';
  truncated: boolean;
  /** Rules that ran (the loaded rules left by the selection). */
  rules?: number;
}

export interface AlertRow {
  /** Position in the alert list. */
  id: number;
  /** File index of the event (select it with the viewer API). */
  index: number;
  num: number;
  ts: string;
  /** `16:17:57.881781397` (UTC). */
  time: string;
  rule: string;
  priority: string;
  priorityLevel: number;
  output: string;
  tags: string[];
}

/** One node of a rule condition evaluated on one event (the Explain view). */
export interface ExplainNode {
  kind: 'and' | 'or' | 'not' | 'check';
  /** The sub-expression as filter text. */
  text: string;
  /** Set when this sub-tree is the expansion of a macro. */
  macro: string | null;
  /** `missing` = the check's field has no value on this event (so the check is false). */
  result: 'true' | 'false' | 'missing';
  /** Field values the check used (null = missing). */
  values: { field: string; value: string | null }[];
  children: ExplainNode[];
}

/** Falco rules over the open capture (part of ScapulaApi); filters understand the `rule` pseudo-field. */
export interface RulesApi {
  /** Loads rules files in order (later files override earlier ones). */
  rulesLoad(files: RulesFileInput[]): Promise<RulesLoadReport>;
  /** Runs the loaded rules over the open capture. */
  rulesRun(opts: RulesRunOptions, onProgress?: (p: RulesRunProgress) => void): Promise<RulesRunSummary>;
  rulesAlerts(start: number, count: number, ruleFilter?: string | null): Promise<AlertRow[]>;
  rulesAlertCount(ruleFilter?: string | null): Promise<number>;
  /** evt.num of the alerting events (of one rule, or all), for filters and coloring. */
  rulesAlertNums(ruleFilter?: string | null): Promise<number[]>;
  rulesExplain(alertId: number): Promise<ExplainNode>;
  /** Stops a rules run in progress (rulesRun then rejects with an AbortError). */
  rulesCancel(): Promise<void>;
  /** Every alert as Falco JSON lines (json_output), for download. */
  rulesExportJson(): Promise<string>;
  /** Explain for any event and any loaded rule ("why did this rule not fire here?"). */
  rulesExplainEvent(rule: string, index: number, model: 'current' | 'legacy'): Promise<ExplainNode>;
}

/** Everything the engine offers: the view, its analyses and exports, and Falco rules (engine/session/). */
export interface ScapulaApi extends ViewerApi, RulesApi {}

/** One I/O event's data in a followed stream. */
export interface StreamChunk {
  /** File index of the event. */
  index: number;
  direction: 'read' | 'write' | 'other';
  /** The data parameter's bytes, exactly as captured (the capture may hold only a prefix: snaplen). */
  bytes: Uint8Array;
  /** Bytes the call transferred (its non-negative result), when known: more than bytes.length = cut at the snap length. */
  length: number | null;
}

export interface StreamResult {
  fdName: string;
  pid: number;
  /** The filter that selects the stream's events (usable in the filter bar). */
  filter: string;
  chunks: StreamChunk[];
  /** Set when the stream was longer than what is returned. */
  truncated: boolean;
  error: string | null;
}

/** Events of the view counted in equal time buckets between the first and last event's timestamps. */
export interface Timeline {
  /** ns since the epoch, decimal strings. */
  startNs: string;
  endNs: string;
  counts: Uint32Array;
  /** View position of the first displayed event in each bucket, or -1. */
  firstPosition: Int32Array;
}

/**
 * One row of a statistics table (engine/stats/): a group of the view's events and what it adds up to.
 * `field` = `value` is the filter that selects the group (the dialog quotes the value as needed).
 */
export interface StatsRow {
  /** Group as shown, e.g. `bash`, `open`, `ENOENT`, `bash (1234)`, `tcp 10.0.0.1:5000->10.0.0.2:80`. */
  key: string;
  field: string;
  value: string;
  /** Events counted in the group. */
  events: number;
  /** The table's measure summed: bytes (I/O tables), latency ns (syscalls), else the event count. */
  total: number;
  /** Syscalls: exit events (calls whose latency is known). */
  calls?: number;
  /** I/O tables: bytes read and bytes written (total = read + written + other I/O). */
  read?: number;
  written?: number;
}

export interface StatsTable {
  /** Largest first (ties by key), at most the requested top N. */
  rows: StatsRow[];
  /** Groups before the top N cut. */
  distinct: number;
  /** Measure summed over every group (not only the listed rows). */
  total: number;
}

/** One conversation / endpoint: its events, I/O bytes and time span, and the filter that selects it. */
export interface ConversationRow {
  /** As shown: `nc (800)`, `/tmp/out.txt`, `10.0.0.2:80`, `host`. */
  key: string;
  filter: string;
  events: number;
  /** Bytes of I/O exits (evt.rawarg.res > 0) that read / wrote. */
  read: number;
  written: number;
  /** First and last timestamps (ns since the epoch) and their difference, decimal strings. */
  firstNs: string;
  lastNs: string;
  durationNs: string;
}

export interface ConversationTable {
  /** Most events first (then bytes, then key), at most the requested top N. */
  rows: ConversationRow[];
  /** Groups before the top N cut. */
  distinct: number;
}

export interface IoGraphRequest {
  series: { filter: string; measure: 'events' | 'bytes' }[];
  startNs?: string;
  endNs?: string;
  buckets: number;
}

export interface IoGraph {
  startNs: string;
  endNs: string;
  buckets: number;
  series: { values: number[]; error: FilterError | null }[];
}

/** A level of the container I/O tree (container → process → fd): I/O calls that moved bytes, and the bytes. */
export interface IoTreeNode {
  key: string;
  /** Selects the node's events (a child's filter narrows its parent's). */
  filter: string;
  /** I/O calls with a positive result. */
  events: number;
  read: number;
  written: number;
  children?: IoTreeNode[];
}

/** Conversations and endpoints of a set of events (engine/stats/conversations.ts). */
export interface Conversations {
  events: number;
  ms: number;
  unparsed?: number;
  processes: ConversationTable;
  threads: ConversationTable;
  containers: ConversationTable;
  /** Per fd.name (files, connections, pipes…). */
  fds: ConversationTable;
  /** Per server endpoint (fd.sip:fd.sport) of network fds. */
  endpoints: ConversationTable;
  /** Container → process → fd.name, by bytes moved (at most `top` children per level). */
  containerIo: IoTreeNode[];
}

/** Statistics over a set of events (the current view, or a CLI filter), computed in one pass. */
export interface ViewStats {
  /** Events the statistics were computed over. */
  events: number;
  /** Computation time. */
  ms: number;
  /** Formatter lines that were not JSON (skipped; absent when none). */
  unparsed?: number;
  /** Events per process name. */
  processes: StatsTable;
  /**
   * Events per event type (enter + exit, as sysdig's topscalls), exits, total latency (topscalls_time).
   * Rows: the top N by events, then those of the top N by total latency not already listed.
   */
  syscalls: StatsTable;
  /** Failed events (evt.failed) per errno name (evt.res). */
  errnos: StatsTable;
  /** Failed events per process (topprocs_errors): key `name (pid)`. */
  errorProcesses: StatsTable;
  /** Failed events per file (fd.type=file and evt.failed; topfiles_errors). */
  errorFiles: StatsTable;
  /** Bytes read + written per file (fd.type=file and evt.is_io; topfiles_bytes). */
  files: StatsTable;
  /** Bytes per network connection (ipv4/ipv6 fds and evt.is_io; topconns): key `l4proto fd.name`. */
  connections: StatsTable;
  /** Bytes per server port (fd.sport; topports_server). */
  ports: StatsTable;
  /** Network bytes per process (topprocs_net): key `name (pid)`. */
  netProcesses: StatsTable;
}
