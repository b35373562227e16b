// `scapula filter "EXPR" [CAPTURE]`: checks a filter the way `read` would compile it — syntax, fields,
// values, types — and prints the normalised expression and any warnings, or the positioned error with a
// caret under the place. With a capture it also runs the filter and prints how many events match and
// how long it took (compile and evaluation), which is handy for rule authors and for timing filters.
import { existsSync } from 'node:fs';
import { formatFilterError } from '../../../filter/index.ts';
import { nodeSession, openFile } from '../../session.ts';

export const summary = 'check a filter expression (positioned errors, warnings); with a capture, count its matches';

const USAGE = `usage: scapula filter "EXPR" [CAPTURE]
  Compiles EXPR like \`scapula read CAPTURE "EXPR"\` does and prints it normalised, or the error with its
  line:column and a caret. With CAPTURE, also prints the number of matching events and the time taken.
`;

/** The source line of the error with a caret under its column (tabs kept so the caret lines up). */
function caret(expr: string, line: number, col: number): string {
  const text = expr.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  return `  ${text}\n  ${pad}^\n`;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help') || args.length === 0 || args.length > 2) {
    process.stdout.write(USAGE);
    return args.length === 0 || args.length > 2 ? 2 : 0;
  }
  const [expr, file] = args;
  const session = nodeSession();
  const t0 = performance.now();
  const c = session.checkFilter(expr);
  const compileMs = performance.now() - t0;
  if (!c.ok) {
    process.stderr.write(`scapula filter: ${formatFilterError(c.error)}\n${caret(expr, c.error.line, c.error.col)}`);
    return 1;
  }
  process.stdout.write(`${c.normalized}\n`);
  for (const w of c.warnings) {
    process.stderr.write(`scapula filter: warning: ${formatFilterError(w)}\n${caret(expr, w.line, w.col)}`);
  }
  if (!file) return 0;
  if (!existsSync(file)) { process.stderr.write(`scapula filter: ${file}: no such file\n`); return 2; }
  await openFile(session, file);
  const r = await session.setFilter(expr);
  if (!r.ok) { process.stderr.write(`scapula filter: ${r.error ? formatFilterError(r.error) : 'failed'}\n`); return 1; }
  process.stdout.write(`${r.matched ?? r.count} of ${session.eventCount} events match (compile ${compileMs.toFixed(1)} ms, ` +
    `evaluation ${r.ms.toFixed(1)} ms)\n`);
  return 0;
}
