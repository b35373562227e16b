// Entry of the web app: starts the engine worker first (so WASM compiles while the page renders),
// defines the components, then wires the OS file-handler launch queue and the offline service worker.
import { engineReady } from './engine-client.ts';
import './components/app.ts';
import { consumeLaunchQueue } from './launch.ts';
import { registerOffline } from './pwa.ts';

void engineReady;
consumeLaunchQueue();
registerOffline();
