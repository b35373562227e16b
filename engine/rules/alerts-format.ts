// Renders alerts the way Falco prints them: `TIME: Priority OUTPUT` text lines and JSON lines with
// time, rule, priority, output, output_fields, tags, source, hostname. Field values come from the
// engine's formatter in JSON mode (one pass per rule over its alert events), which gives typed values
// and `null` for missing ones; the text output is assembled from those values (missing -> `<NA>`,
// `%Nfield` padding), so one extraction feeds both forms.
import { PRIORITY_NAMES } from './model.ts';
import { escapeControl, type ParsedOutput } from './output.ts';

/** A field value as Falco puts it in output_fields; numbers keep their digits (u64 can exceed 2^53). */
export type FieldValue = { t: 'str'; v: string } | { t: 'num'; v: string } | { t: 'bool'; v: boolean } | { t: 'null' };

/** Parses one flat JSON object line as the formatter writes it, keeping number tokens as text. */
export function parseFlatJson(line: string): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  let i = line.indexOf('{') + 1;
  const str = (): string => {
    // i at the opening quote
    let j = i + 1;
    let s = '';
    while (j < line.length && line[j] !== '"') {
      if (line[j] === '\\') {
        const c = line[j + 1];
        if (c === 'u') { s += String.fromCharCode(parseInt(line.slice(j + 2, j + 6), 16)); j += 6; continue; }
        s += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c;
        j += 2;
        continue;
      }
      s += line[j++];
    }
    i = j + 1;
    return s;
  };
  for (let guard = 0; guard < 10_000 && i < line.length; guard++) {
    while (i < line.length && (line[i] === ',' || line[i] === ' ')) i++;
    if (line[i] !== '"') break;
    const key = str();
    if (line[i] === ':') i++;
    let v: FieldValue;
    if (line[i] === '"') v = { t: 'str', v: str() };
    else {
      const m = /^[^,}]*/.exec(line.slice(i))![0];
      i += m.length;
      const t = m.trim();
      v = t === 'null' ? { t: 'null' } : t === 'true' ? { t: 'bool', v: true } : t === 'false' ? { t: 'bool', v: false } : { t: 'num', v: t };
    }
    out.set(key, v);
  }
  return out;
}

export function valueText(v: FieldValue | undefined): string | null {
  if (!v || v.t === 'null') return null;
  return String(v.v);
}

/** The rule's output with field values filled in (Falco: missing -> `<NA>`, control chars escaped). */
export function renderMessage(p: ParsedOutput, values: Map<string, FieldValue>): string {
  let out = '';
  for (const t of p.tokens) {
    if (typeof t === 'string') { out += t; continue; }
    let v = valueText(values.get(t.text)) ?? '<NA>';
    if (t.width > 0) v = v.length > t.width ? v.slice(0, t.width) : v.padEnd(t.width, ' ');
    out += v;
  }
  return escapeControl(out);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS.nnnnnnnnn` in the given offset (seconds east of UTC), like Falco's %evt.time. */
export function clockTime(ts: bigint, tzOffsetSec: number): string {
  const secs = Number(ts / 1_000_000_000n) + tzOffsetSec;
  const ns = String(ts % 1_000_000_000n).padStart(9, '0');
  const d = ((secs % 86400) + 86400) % 86400;
  return `${pad2(Math.floor(d / 3600))}:${pad2(Math.floor((d % 3600) / 60))}:${pad2(d % 60)}.${ns}`;
}

/** `2016-08-04T16:17:57.881781397Z`, Falco's JSON `time`. */
export function isoTimeUtc(ts: bigint): string {
  const ms = Number(ts / 1_000_000n);
  const iso = new Date(ms).toISOString().slice(0, 19);
  return `${iso}.${String(ts % 1_000_000_000n).padStart(9, '0')}Z`;
}

export interface AlertRecord {
  ts: bigint;
  rule: string;
  priority: number;
  source: string;
  tags: string[];
  message: string;
  fields: Map<string, FieldValue>;
}

export function alertText(a: AlertRecord, tzOffsetSec: number): string {
  return `${clockTime(a.ts, tzOffsetSec)}: ${PRIORITY_NAMES[a.priority]} ${a.message}`;
}

function jsonValue(v: FieldValue): string {
  if (v.t === 'null') return 'null';
  if (v.t === 'str') return JSON.stringify(v.v);
  return String(v.v);
}

/** One JSON line; keys as Falco writes them (`output` is the text line, clock in `tzOffsetSec`). */
export function alertJson(a: AlertRecord, hostname: string, tzOffsetSec = 0): string {
  const fields = [...a.fields.entries()].map(([k, v]) => `${JSON.stringify(k)}:${jsonValue(v)}`).join(',');
  return `{"hostname":${JSON.stringify(hostname)},"output":${JSON.stringify(alertText(a, tzOffsetSec))},"output_fields":{${fields}},` +
    `"priority":${JSON.stringify(PRIORITY_NAMES[a.priority])},"rule":${JSON.stringify(a.rule)},"source":${JSON.stringify(a.source)},` +
    `"tags":${JSON.stringify([...a.tags].sort())},"time":${JSON.stringify(isoTimeUtc(a.ts))}}`;
}
