// A Session in Node (the CLI, tests, benchmarks): the engine compiled from build/scapula.wasm, work run
// straight through (no yielding to an event loop that has nothing else to do), and a capture opened
// from a file path — a plain .scap read straight into engine memory, gzip and raw logs streamed.
import { basename } from 'node:path';
import type { LoadOptions } from '../capture.ts';
import { Session, type LivePrint } from '../session/session.ts';
import { captureFileInput, engineModule } from './capture-file.ts';

export function nodeSession(): Session {
  return new Session(engineModule(), { cooperative: false, ruleField: false });
}

/**
 * Opens `path` in `session` (replacing its capture), without computing the summary (ask
 * session.summary() when needed); with `print`, prints while loading (Session.loadCapture).
 */
export async function openFile(session: Session, path: string, opts: LoadOptions = {}, print?: LivePrint): Promise<void> {
  const f = await captureFileInput(path);
  try {
    await session.loadCapture(basename(path), () => f.input, { bytesTotal: f.size, sizeHint: opts.sizeHint ?? f.rawSize, ...opts }, print);
  } finally {
    await f.close();
  }
}

/** A new Node Session with `path` open. */
export async function openSessionFile(path: string, opts: LoadOptions = {}): Promise<Session> {
  const session = nodeSession();
  await openFile(session, path, opts);
  return session;
}

