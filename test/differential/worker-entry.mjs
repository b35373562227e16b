// Worker threads do not take `--import tsx`: register tsx's loader here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
