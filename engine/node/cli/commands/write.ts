// `scapula write IN -o OUT [FILTER] [-F] [-z]`: writes the events of IN that match FILTER to a new capture,
// like `sysdig -r IN -w OUT FILTER`: metadata copied as it is, internal events kept, and with -F the
// non-matching events that change state kept as state-only events (sysdig -F), so OUT still knows the
// processes and files its events refer to. The output is read by sysdig (golden-tested).
import { existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { nodeSession, openFile } from '../../session.ts';
import { formatFilterError } from '../../../filter/index.ts';

export const summary = 'write the events matching a filter to a new capture (-o OUT [FILTER] [-F keep state] [-z gzip])';

export async function run(args: string[]): Promise<number> {
  let out = '';
  let fat = false;
  let gzip = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o' || a === '-w') out = args[++i] ?? '';
    else if (a === '-F' || a === '--fatfile') fat = true;
    else if (a === '-z' || a === '--compress') gzip = true;
    else if (a.startsWith('-') && a.length > 1 && !rest.length) { process.stderr.write(`scapula write: unknown option ${a}\n`); return 2; }
    else rest.push(a);
  }
  const [file, ...flt] = rest;
  if (!file || !out) { process.stderr.write('usage: scapula write IN -o OUT [FILTER] [-F] [-z]\n'); return 2; }
  if (!existsSync(file)) { process.stderr.write(`scapula write: ${file}: no such file\n`); return 2; }
  const session = nodeSession();
  await openFile(session, file);
  if (session.unreadable) {
    const d = session.diagnostics()[0];
    process.stderr.write(`scapula write: ${file}: not readable${d ? ` at byte ${d.offset}: ${d.message}` : ''}\n`);
    return 2;
  }
  if (flt.length) {
    const r = await session.setFilter(flt.join(' '));
    if (!r.ok) { process.stderr.write(`scapula write: filter: ${r.error ? formatFilterError(r.error) : 'failed'}\n`); return 2; }
  }
  const pieces: Uint8Array[] = [];
  const fd = gzip ? -1 : openSync(out, 'w');
  try {
    const r = await session.output().writeFiltered(fat, (b) => { if (gzip) pieces.push(b); else writeSync(fd, b); });
    if (gzip) {
      const all = Buffer.concat(pieces);
      const gfd = openSync(out, 'w');
      writeSync(gfd, gzipSync(all));
      closeSync(gfd);
    }
    process.stderr.write(`scapula write: ${r.events} events${fat ? ` + ${r.stateOnly} state-only` : ''} to ${out}\n`);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return 0;
}
