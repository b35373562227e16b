// The web app's engine worker: compiles the WASM module as soon as the page starts the worker and
// exposes one Session (engine/session/) through comlink. Wiring only; the work is in the Session.
import { expose } from 'comlink';
import wasmUrl from '../build/scapula.wasm?url';
import { Session } from './session/session.ts';

async function compileEngine(): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(wasmUrl));
  } catch {
    // compileStreaming needs the application/wasm type; a plain fetch works with any server.
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
}

expose(new Session(compileEngine()));
