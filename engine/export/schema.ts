// The columns of the exported `events` and `alerts` tables. An events column named like a sysdig field
// (`proc.name` -> `proc_name`) holds exactly what `scapula read -j -p "%proc.name"` prints for the event
// (same value, same null); the others are added by the exporter. One list drives the formatter plan, the
// DuckDB types of the Parquet columns and the README's schema table. Only types Spark and Trino read
// natively: signed integers (no unsigned), microsecond UTC timestamps, strings, a list of strings.

export interface EventColumn {
  /** Column name in Parquet / SQL. */
  name: string;
  /** The sysdig field it comes from, or null for columns the exporter adds. */
  field: string | null;
  /** DuckDB type of the column (Parquet physical/logical type follows). */
  type: string;
  doc: string;
}

const f = (field: string, type: string, doc: string): EventColumn => ({ name: field.replace(/\./g, '_'), field, type, doc });

export const EVENT_COLUMNS: readonly EventColumn[] = [
  { name: 'capture', field: null, type: 'VARCHAR', doc: 'capture file, as given (relative to the exported directory)' },
  { name: 'section', field: null, type: 'INTEGER', doc: 'section of the capture the event is in (1 = first)' },
  f('evt.num', 'BIGINT', 'event number (file order, from 1)'),
  { name: 'time', field: null, type: 'TIMESTAMPTZ', doc: 'evt.rawtime as a UTC timestamp, to the microsecond (evt_rawtime has the nanoseconds)' },
  f('evt.rawtime', 'BIGINT', 'nanoseconds since the epoch'),
  f('evt.cpu', 'INTEGER', 'CPU number'),
  f('thread.tid', 'BIGINT', 'thread id'),
  f('proc.pid', 'BIGINT', 'process id'),
  f('proc.name', 'VARCHAR', 'process name (comm)'),
  f('proc.exe', 'VARCHAR', 'first command-line argument (argv[0])'),
  f('proc.cmdline', 'VARCHAR', 'name and arguments'),
  f('proc.ppid', 'BIGINT', 'parent process id'),
  f('proc.pname', 'VARCHAR', 'parent process name'),
  f('container.id', 'VARCHAR', 'container id (`host` outside containers)'),
  f('container.name', 'VARCHAR', 'container name'),
  f('container.image', 'VARCHAR', 'container image'),
  f('user.uid', 'BIGINT', 'user id'),
  f('user.name', 'VARCHAR', 'user name'),
  f('group.gid', 'BIGINT', 'group id'),
  f('group.name', 'VARCHAR', 'group name'),
  f('evt.type', 'VARCHAR', 'event type (syscall name, also for generic events)'),
  f('evt.dir', 'VARCHAR', '`>` enter, `<` exit'),
  f('evt.res', 'VARCHAR', 'result: SUCCESS or the error name (exit events)'),
  f('evt.rawres', 'BIGINT', 'numeric return value (exit events)'),
  f('evt.latency', 'BIGINT', 'exit minus enter time, nanoseconds'),
  f('fd.num', 'BIGINT', 'file descriptor number'),
  f('fd.name', 'VARCHAR', 'file path, socket tuple, ...'),
  f('fd.type', 'VARCHAR', 'file, ipv4, ipv6, unix, pipe, ...'),
  f('fd.cip', 'VARCHAR', 'client IP'),
  f('fd.sip', 'VARCHAR', 'server IP'),
  f('fd.cport', 'INTEGER', 'client port'),
  f('fd.sport', 'INTEGER', 'server port'),
  { name: 'args', field: null, type: 'VARCHAR', doc: 'the parameters as a JSON object, name -> value as `%evt.arg[i]` prints it' },
];

/** The alerts table (`-r RULES`): one row per Falco alert, keys as Falco's json_output names them. */
export const ALERT_COLUMNS: readonly EventColumn[] = [
  { name: 'capture', field: null, type: 'VARCHAR', doc: 'capture file' },
  { name: 'evt_num', field: null, type: 'BIGINT', doc: 'event that raised the alert (joins events.evt_num)' },
  { name: 'time', field: null, type: 'TIMESTAMPTZ', doc: 'event time (UTC, microseconds)' },
  { name: 'rule', field: null, type: 'VARCHAR', doc: 'rule name' },
  { name: 'priority', field: null, type: 'VARCHAR', doc: 'Emergency .. Debug' },
  { name: 'source', field: null, type: 'VARCHAR', doc: 'rule source (syscall, k8s_audit, ...)' },
  { name: 'tags', field: null, type: 'VARCHAR[]', doc: 'rule tags' },
  { name: 'output', field: null, type: 'VARCHAR', doc: 'the alert line as `scapula detect` prints it (UTC clock)' },
  { name: 'output_fields', field: null, type: 'VARCHAR', doc: 'JSON object of the output fields (Falco output_fields)' },
];

/** Largest `%evt.arg[i]` index asked of the formatter (events have at most ~35 parameters). */
export const MAX_ARGS = 40;
