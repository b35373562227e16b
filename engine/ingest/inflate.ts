// Turns a stream of file chunks into a stream of capture bytes: gzip (also several members back to back,
// also cut short) is detected by its magic and inflated with the platform's DecompressionStream, which
// Node and browsers both have; anything else passes through untouched.

export interface InflateResult {
  chunks: AsyncIterable<Uint8Array>;
}

/** Set when a gzip stream ended early or was corrupt; what was inflated before is still delivered. */
export class InflateState {
  gzip = false;
  error: string | null = null;
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

export async function* inflateIfGzip(input: AsyncIterable<Uint8Array>, state: InflateState): AsyncIterable<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  // Collect at least two bytes to look at the magic.
  let head = new Uint8Array(0);
  while (head.length < 2) {
    const r = await it.next();
    if (r.done) break;
    const merged = new Uint8Array(head.length + r.value.length);
    merged.set(head);
    merged.set(r.value, head.length);
    head = merged;
  }
  if (head.length === 0) return;
  if (!(head[0] === 0x1f && head[1] === 0x8b)) {
    yield* prepend(head, it);
    return;
  }
  state.gzip = true;
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const c of prepend(head, it)) await writer.write(c as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch {
      // The reader side reports the error.
    }
  })();
  const reader = ds.readable.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      yield r.value;
    }
  } catch (e) {
    state.error = (e as Error).message || String(e);
  } finally {
    // If our consumer stopped early, cancelling unblocks the pump's pending write.
    await reader.cancel().catch(() => {});
  }
  await pump;
}
