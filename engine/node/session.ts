// A Session in Node (the CLI, tests, benchmarks): the engine compiled from build/scapula.wasm, work run
// straight through (no yielding to an event loop that has nothing else to do), and a capture opened
// from a file path — a plain .scap read straight into engine memory, gzip and raw logs streamed.
import { basename } from 'node:path';
import type { CaptureSummary } from '../api.ts';
import type { LoadOptions } from '../capture.ts';
import { Session } from '../session/session.ts';
import { captureFileInput, engineModule } from './capture-file.ts';

export function nodeSession(): Session {
  return new Session(engineModule(), { cooperative: false });
}

/** Opens `path` in `session` (replacing its capture); `opts` as Capture.load's (`read` formats while loading). */
export async function openFile(session: Session, path: string, opts: LoadOptions = {}): Promise<CaptureSummary> {
  const f = await captureFileInput(path);
  try {
    return await session.load(basename(path), () => f.input, { bytesTotal: f.size, sizeHint: opts.sizeHint ?? f.size, ...opts });
  } finally {
    await f.close();
  }
}

/** A new Node Session with `path` open. */
export async function openSessionFile(path: string, opts: LoadOptions = {}): Promise<{ session: Session; summary: CaptureSummary }> {
  const session = nodeSession();
  return { session, summary: await openFile(session, path, opts) };
}
