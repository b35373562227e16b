// Rule-triggered captures that keep what led up to an alert. The recorder's stream (sections that
// start with a fresh /proc snapshot every few seconds, see `--snapshot`) flows through a ring that
// holds the last `pre` of events, bounded in bytes. Every batch of new events is evaluated by the
// WASM engine: the batch is wrapped in a small in-memory capture made of its section's snapshot plus
// the section's live processes and fds as context events (live-state.ts: proc/fd fields are right
// without re-evaluating old events; alerts on those context events are ignored). When a rule
// with `capture: true` fires (or any rule with allRules), a file is cut: snapshot + state-only
// events before the window + the events from T - pre to the deadline (T + the rule's capture_duration, or post). A trigger while a file is
// open extends its deadline (the longest wins). Each file gets a JSON sidecar with its alerts.
import { closeSync, openSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Capture } from '../../capture.ts';
import { nodeEngine } from '../capture-file.ts';
import { detectOnCapture } from '../../rules/capture-run.ts';
import { alertJson, type AlertRecord } from '../../rules/alerts-format.ts';
import type { Ruleset } from '../../rules/ruleset.ts';
import { asStateOnly, type RecEvent, type Section } from './stream.ts';
import { LiveState } from './live-state.ts';
import { falcoCaptureName } from './falco-config.ts';

export interface TriggerOptions {
  ruleset: Ruleset;
  outDir: string;
  preNs: bigint;
  postNs: bigint;
  /** Any firing rule triggers (Falco's all-rules capture mode), not only `capture: true` ones. */
  allRules: boolean;
  /** Cap of the event bytes per capture file (0 = none); the snapshot metadata is not counted. */
  maxBytes: number;
  /** Bound of the ring, bytes. */
  ringBytes: number;
  hostname: string;
  prefix: string;
  /** Name files as Falco does (`prefix_<ts>_<num>.scap`, both zero-padded to 20 digits). */
  falcoNames?: boolean;
  /** Cap of the events per capture file (0 = none), like maxBytes. */
  maxEvents?: number;
  onAlert?: (a: AlertRecord, json: string) => void;
  onFile?: (f: CaptureFileInfo) => void;
}

export interface CaptureFileInfo {
  path: string;
  sidecar: string;
  rule: string;
  triggerTs: string;
  windowStart: string;
  deadline: string;
  events: number;
  bytes: number;
  truncated: boolean;
  alerts: number;
}

interface OpenCapture {
  fd: number;
  path: string;
  info: CaptureFileInfo;
  deadline: bigint;
  lastTs: bigint;
  section: Section | null;
  alerts: string[];
  /** Event bytes written (the --max-mb cap; metadata and hidden context are not counted). */
  eventBytes: number;
}

const BACKLOG_MAX = 64 << 20;

export class TriggerSession {
  private ring: RecEvent[] = [];
  private ringHead = 0;
  private ringBytes = 0;
  private batch: RecEvent[] = [];
  private open: OpenCapture | null = null;
  private newest = 0n;
  readonly files: CaptureFileInfo[] = [];
  alertsTotal = 0;
  evaluated = 0;

  constructor(private o: TriggerOptions) {}

  /** A new event from the stream (file order). */
  push(e: RecEvent): void {
    this.ring.push(e);
    this.ringBytes += e.block.length;
    this.batch.push(e);
    if (e.ts > this.newest) this.newest = e.ts;
    this.prune();
  }

  private prune(): void {
    const horizon = this.newest - this.o.preNs - 1_000_000_000n; // keep a second beyond `pre` for late triggers
    while (this.ringHead < this.ring.length) {
      const e = this.ring[this.ringHead];
      if (e.ts >= horizon && this.ringBytes <= this.o.ringBytes) break;
      if (this.batch.length && this.batch[0] === e) break; // never drop unevaluated events
      this.ringHead++;
      this.ringBytes -= e.block.length;
      if (e.state) {
        const s = e.section;
        s.backlog.push(e);
        s.backlogBytes += e.block.length;
        while (s.backlogBytes > BACKLOG_MAX && s.backlog.length) s.backlogBytes -= s.backlog.shift()!.block.length;
      }
    }
    if (this.ringHead > 65536 && this.ringHead * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.ringHead);
      this.ringHead = 0;
    }
  }

  /** Evaluates the events received since the last call; cuts and extends capture files. */
  async evaluate(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length) {
      const alerts = await this.detect(batch);
      for (const e of batch) this.liveOf(e.section).apply(e); // after: the context is the state before the batch
      for (const { alert, seq } of alerts) this.fire(alert, seq);
      this.evaluated += batch.length;
      // the open capture receives the batch (after a possible cut, which already wrote the ring)
      if (this.open) for (const e of batch) if (e.seq > this.lastSeq) this.append(e);
    }
    const wallLag = BigInt(Date.now()) * 1_000_000n - 1_000_000_000n; // 1 s for late, sorted records
    this.closeIfDue(this.newest > wallLag ? this.newest : wallLag);
  }

  private lastSeq = -1;
  /** Per section: the live process/fd context for evaluations (see live-state.ts). */
  private live = new WeakMap<Section, LiveState>();

  private liveOf(s: Section): LiveState {
    let l = this.live.get(s);
    if (!l) { l = new LiveState(); this.live.set(s, l); }
    return l;
  }

  /** The batch as a capture: per section, its snapshot + earlier state-changing events hidden + the batch. */
  private async detect(batch: RecEvent[]): Promise<{ alert: AlertRecord; seq: number }[]> {
    const parts: Uint8Array[] = [];
    const counted: number[] = []; // capture event index -> batch index (or -1 for state-only context)
    let section: Section | null = null;
    for (let bi = 0; bi < batch.length; bi++) {
      const e = batch[bi];
      if (e.section !== section) {
        section = e.section;
        parts.push(...section.meta);
        // context: the live processes and fds of this section, as ordinary events (alerts on them
        // are dropped below), so the evaluation does not depend on how a reader treats state-only blocks
        for (const c of this.liveOf(section).context()) { parts.push(c.block); counted.push(-1); }
      }
      parts.push(e.block);
      counted.push(bi);
    }
    const cap = await Capture.load(await nodeEngine(), (async function* () { for (const p of parts) yield p; })());
    const res = detectOnCapture(cap, this.o.ruleset, { model: 'current', matching: 'first' });
    const out: { alert: AlertRecord; seq: number }[] = [];
    for (const a of res.alerts) {
      const bi = counted[a.event] ?? -1;
      if (bi >= 0) out.push({ alert: a, seq: batch[bi].seq });
    }
    return out;
  }

  /** An alert on the event at stream position `seq` (0-based). */
  private fire(a: AlertRecord, seq: number): void {
    this.alertsTotal++;
    const json = alertJson(a, this.o.hostname);
    this.o.onAlert?.(a, json);
    const rule = this.o.ruleset.rules.find((r) => r.name === a.rule);
    const wants = this.o.allRules || !!rule?.def.capture;
    if (this.open && a.ts <= this.open.deadline) this.open.alerts.push(json);
    if (!wants) return;
    const dur = rule?.def.captureDuration ? BigInt(rule.def.captureDuration) * 1_000_000n : this.o.postNs;
    const deadline = a.ts + dur;
    if (this.open && a.ts <= this.open.deadline) {
      if (deadline > this.open.deadline) this.open.deadline = deadline;
      this.open.info.deadline = this.open.deadline.toString();
      return;
    }
    this.closeCurrent();
    this.cut(a, json, deadline, seq);
  }

  private cut(a: AlertRecord, json: string, deadline: bigint, seq: number): void {
    const start = a.ts - this.o.preNs;
    // named by the alert's time (ns) and the alerting event's number in the recorded stream
    const path = join(this.o.outDir, this.o.falcoNames ? falcoCaptureName(this.o.prefix, a.ts, seq + 1) : `${this.o.prefix}_${a.ts}_${seq + 1}.scap`);
    const fd = openSync(path, 'w');
    const info: CaptureFileInfo = {
      path, sidecar: path + '.json', rule: a.rule, triggerTs: a.ts.toString(), windowStart: start.toString(),
      deadline: deadline.toString(), events: 0, bytes: 0, truncated: false, alerts: 0,
    };
    this.open = { fd, path, info, deadline, lastTs: 0n, section: null, alerts: [json], eventBytes: 0 };
    // the window's first event decides the base section; earlier state of that section goes in hidden
    let first = -1;
    for (let i = this.ringHead; i < this.ring.length; i++) if (this.ring[i].ts >= start) { first = i; break; }
    if (first < 0) return;
    const base = this.ring[first].section;
    this.writeBlocks(base.meta);
    this.open.section = base;
    for (const s of base.backlog) this.writeBlocks([asStateOnly(s.block)]);
    for (let i = this.ringHead; i < this.ring.length; i++) {
      const e = this.ring[i];
      if (e.ts >= start) this.append(e);
      else if (e.section === base && e.state) this.writeBlocks([asStateOnly(e.block)]);
    }
  }

  private append(e: RecEvent): void {
    const o = this.open;
    if (!o || e.ts > o.deadline) return;
    if (e.section !== o.section) { this.writeBlocks(e.section.meta); o.section = e.section; }
    if (this.o.maxBytes && o.eventBytes + e.block.length > this.o.maxBytes) { o.info.truncated = true; return; }
    if (this.o.maxEvents && o.info.events >= this.o.maxEvents) { o.info.truncated = true; return; }
    this.writeBlocks([e.block]);
    o.eventBytes += e.block.length;
    o.info.events++;
    if (e.ts > o.lastTs) o.lastTs = e.ts;
    if (e.seq > this.lastSeq) this.lastSeq = e.seq;
  }

  private writeBlocks(blocks: Uint8Array[]): void {
    const o = this.open!;
    for (const b of blocks) { writeSync(o.fd, b); o.info.bytes += b.length; }
  }

  /** Closes the open capture once the stream is past its deadline (or when asked to, at the end). */
  closeIfDue(now: bigint): void {
    if (this.open && now > this.open.deadline) this.closeCurrent();
  }

  closeCurrent(): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    closeSync(o.fd);
    o.info.alerts = o.alerts.length;
    // alerts are kept as the exact JSON lines (u64 field values would lose digits through JSON.parse)
    const head = JSON.stringify({ ...o.info, alerts: undefined }, null, 2).replace(/\n}$/, '');
    writeFileSync(o.info.sidecar, `${head},\n  "alerts": [\n    ${o.alerts.join(',\n    ')}\n  ]\n}\n`);
    this.files.push(o.info);
    this.o.onFile?.(o.info);
  }
}
