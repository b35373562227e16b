// The main thread's handle on the engine worker. The worker is created when this module is first
// imported (at page load), so the WASM module compiles while the user is still choosing a file.
// Everything the UI asks of the engine (the view, analyses, exports, Falco rules) goes through `engine`,
// a comlink proxy of the worker's Session (engine/session/).
import { wrap, proxy, type Remote } from 'comlink';
import type { ScapulaApi } from '../engine/api.ts';

const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'scapula-engine' });

export const engine: Remote<ScapulaApi> = wrap<ScapulaApi>(worker);

/** Compiles the engine now; the promise is shared so later callers wait on the same start. */
export const engineReady: Promise<{ engineVersion: number }> = engine.ready();

export { proxy };
