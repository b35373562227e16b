// The web app's engine worker: compiles the WASM module as soon as the page starts the worker and
// exposes engine/service.ts through comlink. Wiring only; the work is in the service.
import { expose } from 'comlink';
import wasmUrl from '../build/scapula.wasm?url';
import { CaptureService } from './service.ts';
import { withRules } from './rules/service.ts';
import type { Capture } from './capture.ts';

async function compileEngine(): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // compileStreaming needs the application/wasm type; a plain fetch works with any server.
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
}

const viewer = new CaptureService(compileEngine());
// Falco rules (RulesApi) run on whichever capture the viewer has open.
expose(withRules(viewer, () => (viewer as unknown as { cap: Capture | null }).cap));
