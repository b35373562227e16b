// `scapula COMMAND ...`: dispatches to engine/node/cli/commands/COMMAND.ts, each exporting
// `run(args: string[]): Promise<number>` (the exit code) and a one-line `summary`.
// The import is a template literal over one directory so that the bundler (scripts/build-cli.mjs)
// bundles every command as its own lazily loaded chunk; under tsx it is an ordinary dynamic import.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
const commands = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const load = (c: string) => import(`./commands/${c}.ts`);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const help = !name || name === '-h' || name === '--help';
  if (help || !commands.includes(name)) {
    const lines = await Promise.all(commands.map(async (c) => {
      const m = await load(c);
      return `  ${c.padEnd(10)} ${m.summary ?? ''}`;
    }));
    const usage = `usage: scapula COMMAND [ARGS]\n${lines.join('\n')}\n`;
    if (help) { process.stdout.write(usage); return 0; }
    process.stderr.write(`scapula: unknown command '${name}'\n${usage}`);
    return 2;
  }
  const mod = await load(name);
  return mod.run(rest);
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  process.stderr.write(`scapula: ${err?.message ?? err}\n`);
  process.exitCode = 2;
});
