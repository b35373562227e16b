// Messages and shared memory between the differential test and its worker threads (worker.ts).
import type { Failure, Stats } from './oracles.ts';
import type { SysdigCases } from './sysdig.ts';

export interface Job {
  name: string;
  path: string;
  /** Salt of this job's random stream (the run seed is shared). */
  salt: number;
  aFilters: number;
  bPool: number;
  bSteps: number;
  /** Filters for oracle (c) (0 = the capture is not one sysdig reads). */
  sysdigFilters: number;
  /** A raw log: filters over its plugin fields (ka./ct./json.) instead of syscall fields. */
  logs: boolean;
}

export interface WorkerInput {
  seed: number;
  jobs: Job[];
  heartbeat: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'job'; name: string; stats: Stats; failures: Failure[]; events: number; ms: number }
  | { type: 'error'; name: string; error: string }
  | { type: 'sysdig'; name: string; cases: SysdigCases | string }
  | { type: 'done' };

/** Heartbeat layout: int32[0] = runs started, int32[1] = byte length of the text at byte 8. */
export const BEAT_TEXT_MAX = 16 << 10;

