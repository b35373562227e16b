// `scapula convert LOG -o OUT.scap`: turns a raw Kubernetes audit log or CloudTrail file (also gzipped)
// into a capture of plugin events (registry ids 1 = k8saudit, 2 = cloudtrail; payload = each record's
// original bytes), which sysdig, Falco and Scapula itself read. Problems in the log are listed with
// their byte offsets; records that cannot be read are skipped, as the Falco plugins skip them.
import { createReadStream, existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { inflateIfGzip, InflateState } from '../../ingest/inflate.ts';
import { parseLog } from '../../logs/records.ts';
import { writeRecords } from '../../logs/convert.ts';
import { pluginLabel } from '../../logs/registry.ts';

export const summary = 'convert a Kubernetes audit log or CloudTrail file (.json, .json.gz) to a .scap capture';

const USAGE = `usage: scapula convert LOG -o OUT.scap [-q]
  LOG   Kubernetes audit log (JSON lines, JSON array or EventList) or CloudTrail file ({"Records": [...]}),
        optionally gzip-compressed
  -o    the capture to write
  -q    do not list problems found in the log
`;

export async function run(args: string[]): Promise<number> {
  let input = '';
  let output = '';
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '--output') output = args[++i] ?? '';
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-h' || a === '--help') { process.stdout.write(USAGE); return 0; }
    else if (!input && !a.startsWith('-')) input = a;
    else { process.stderr.write(`scapula convert: unexpected argument '${a}'\n${USAGE}`); return 2; }
  }
  if (!input || !output) { process.stderr.write(USAGE); return 2; }
  if (!existsSync(input)) { process.stderr.write(`scapula convert: ${input}: no such file\n`); return 2; }

  const state = new InflateState();
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of inflateIfGzip(createReadStream(input, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>, state)) {
    parts.push(c);
    total += c.length;
  }
  const log = Buffer.concat(parts, total);
  if (state.error) process.stderr.write(`scapula convert: ${input}: gzip stream ended early (${state.error}); converting what was read\n`);

  const parsed = parseLog(log);
  if (!quiet) for (const d of parsed.diagnostics) process.stderr.write(`scapula convert: ${input}: ${d.message}\n`);
  if (parsed.records.length === 0) {
    process.stderr.write(`scapula convert: ${input}: no Kubernetes audit events or CloudTrail records found\n`);
    return 1;
  }
  const fd = openSync(output, 'w');
  try {
    writeRecords(log, parsed, (c) => { writeSync(fd, c); });
  } finally {
    closeSync(fd);
  }
  const ids = [...new Set(parsed.records.map((r) => r.pluginId))].map(pluginLabel).join(', ');
  process.stderr.write(`${output}: ${parsed.records.length} plugin events from ${ids}\n`);
  return 0;
}

