// `scapula convert LOG -o OUT.scap`: turns a raw Kubernetes audit log or CloudTrail file (also gzipped)
// into a capture of plugin events (registry ids 1 = k8saudit, 2 = cloudtrail; payload = each record's
// original bytes), which sysdig, Falco and Scapula itself read. Problems in the log are listed with
// their byte offsets; records that cannot be read are skipped, as the Falco plugins skip them.
import { createReadStream, existsSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { inflateIfGzip, InflateState } from '../../../ingest/inflate.ts';
import { logsToCapture, LogState } from '../../../logs/convert.ts';
import { pluginLabel } from '../../../logs/registry.ts';

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

  const inflate = new InflateState();
  const logs = new LogState();
  const input_ = createReadStream(input, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  const fd = openSync(output, 'w');
  let ok = false;
  try {
    // The same streaming path as Capture.load: JSON-lines logs are converted as they are read.
    for await (const c of logsToCapture(inflateIfGzip(input_, inflate), logs)) {
      if (!logs.isLog) break;
      writeSync(fd, c);
    }
    ok = logs.isLog;
  } catch (e) {
    closeSync(fd);
    rmSync(output, { force: true });
    if (!quiet) for (const d of logs.diagnostics) process.stderr.write(`scapula convert: ${input}: ${d.message}\n`);
    process.stderr.write(`scapula convert: ${input}: ${(e as Error).message}\n`);
    return 1;
  }
  closeSync(fd);
  if (!ok) {
    rmSync(output, { force: true });
    process.stderr.write(`scapula convert: ${input}: not a JSON log (Kubernetes audit or CloudTrail); a .scap capture needs no conversion\n`);
    return 1;
  }
  if (inflate.error) process.stderr.write(`scapula convert: ${input}: gzip stream ended early (${inflate.error}); converted what was read\n`);
  if (!quiet) for (const d of logs.diagnostics) process.stderr.write(`scapula convert: ${input}: ${d.message}\n`);
  const ids = logs.source === 'aws_cloudtrail' ? pluginLabel(2) : pluginLabel(1);
  process.stderr.write(`${output}: ${logs.events} plugin events from ${ids}\n`);
  return 0;
}

