// Messages and shared heartbeat layout between the fuzz main thread (run.ts) and its workers (worker.ts).
import type { Seed, Source } from './corpus.ts';

/** Heartbeat words per lane in the shared Int32Array; STOP is set by the main thread to end a run early. */
export const HB = { STRIDE: 4, KIND: 0, UNIT: 1, BEATS: 2, STOP: 3, IDLE: 0, CASE: 1, FILTER: 2, SETUP: 3, TEXT: 4096 } as const;

export interface WorkerData {
  lane: number;
  lanes: number;
  runSeed: number;
  startCase: number;
  startRound: number;
  /** Epoch ms to stop at; 0 = run by quotas. */
  deadline: number;
  caseQuota: number;
  roundQuota: number;
  filterRounds: number;
  filterShare: number;
  only: 'filters' | 'captures' | null;
  seeds: Seed[];
  sources: Source[];
  heartbeat: SharedArrayBuffer;
  /** Per lane HB.TEXT bytes: u32 length + UTF-8 `capture\tfilter` of the filter being evaluated. */
  heartbeatText: SharedArrayBuffer;
  selfTest: 'hang' | 'throw' | null;
  repro?: { bytes: Uint8Array; checkSeed: number };
}

export interface WorkerCounts {
  cases: number; refused: number; events: number; outputBytes: number; caseFilterRuns: number;
  filters: number; evaluations: number; rounds: number;
}

export type WorkerMessage =
  | { type: 'counts'; counts: WorkerCounts }
  | { type: 'failure'; kind: string; step: string; message: string; index: number; seedName: string; ops: string[]; bytes: Uint8Array; checkSeed: number }
  | { type: 'filter-mismatch'; round: number; expr: string; source: string; message: string }
  | { type: 'oracle'; name: string }
  | { type: 'repro'; ok: boolean; message: string }
  | { type: 'fatal'; message: string }
  | { type: 'done' };
