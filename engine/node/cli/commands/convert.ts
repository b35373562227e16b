// `scapula convert LOG -o OUT.scap`: turns a raw Kubernetes audit log or CloudTrail file (also gzipped)
// into a capture of plugin events (registry ids 1 = k8saudit, 2 = cloudtrail; payload = each record's
// original bytes), which sysdig, Falco and Scapula itself read. Problems in the log are listed with
// their byte offsets; records that cannot be read are skipped, as the Falco plugins skip them.
import { existsSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import type { LogState } from '../../../logs/convert.ts';
import { pluginLabel } from '../../../logs/registry.ts';
import { nodeSession, openFile } from '../../session.ts';

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

  // The Session converts a raw log to plugin events as it loads it (the same streaming path as the app):
  // the capture it holds then is the conversion.
  const session = nodeSession();
  // the log's problems, also when the conversion fails part way
  const seen: { logs?: LogState } = {};
  try {
    await openFile(session, input, { onCapture: (c) => { seen.logs = c.logs; } });
  } catch (e) {
    if (!quiet) for (const d of seen.logs?.diagnostics ?? []) process.stderr.write(`scapula convert: ${input}: ${d.message}\n`);
    process.stderr.write(`scapula convert: ${input}: ${(e as Error).message}\n`);
    return 1;
  }
  const src = session.output().source();
  if (!src.log.isLog) {
    process.stderr.write(`scapula convert: ${input}: not a JSON log (Kubernetes audit or CloudTrail); a .scap capture needs no conversion\n`);
    return 1;
  }
  const fd = openSync(output, 'w');
  try {
    writeSync(fd, session.output().rawCapture());
  } catch (e) {
    closeSync(fd);
    rmSync(output, { force: true });
    throw e;
  }
  closeSync(fd);
  if (src.gzipError) process.stderr.write(`scapula convert: ${input}: gzip stream ended early (${src.gzipError}); converted what was read\n`);
  if (!quiet) for (const d of src.log.diagnostics) process.stderr.write(`scapula convert: ${input}: ${d.message}\n`);
  const ids = src.log.source === 'aws_cloudtrail' ? pluginLabel(2) : pluginLabel(1);
  process.stderr.write(`${output}: ${src.log.events} plugin events from ${ids}\n`);
  return 0;
}

