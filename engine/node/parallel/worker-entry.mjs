// Entry of a pool worker thread (engine/node/parallel/pool.ts): the worker runs the TypeScript sources
// through tsx's loader, the same way in the bundled CLI and under tsx.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
