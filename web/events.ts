// Every custom event the components fire, declared once with its payload type, and the one helper that
// fires them. Listeners get typed `detail` through the HTMLElementEventMap entries below.
import type { FieldValue, FindQuery } from '../engine/api.ts';
import type { ColoringRule } from './coloring.ts';
import type { Column, TimeFormat } from './columns.ts';

export type PrepareMode = 'replace' | 'and' | 'or' | 'and not' | 'or not';

export interface ScapEventDetails {
  /** A capture to open (dropped, picked, launched from the OS, recent or sample). */
  'scap-open': { blob: Blob; name: string; remember: boolean };
  /** Selection of an event by its file index (and its position in the current view when known). */
  'scap-select-event': { index: number; position: number };
  /** Selection of a field of the selected event's detail (`key` = "section:field"), or none. */
  'scap-select-field': { key: string | null };
  /** Apply (or prepare without applying) a filter built from a field. */
  'scap-filter': { expr: string; mode: PrepareMode; apply: boolean };
  /** Add a column showing a field. */
  'scap-add-column': { field: string };
  /** Go to an event by file index (state origins, enter/exit partner). */
  'scap-goto-index': { index: number };
  /** The filter bar applied a filter. */
  'scap-apply-filter': { expr: string };
  /** The user asked to cancel loading. */
  'scap-cancel-load': Record<string, never>;
  /** Open the properties dialog. */
  'scap-show-properties': Record<string, never>;
  /** Sort request from a column header (key null = file order). */
  'scap-sort': { key: string | null; descending: boolean };
  /** Columns were resized, reordered, hidden or removed. */
  'scap-columns': { columns: Column[] };
  /** The time column's format changed. */
  'scap-time-format': { format: TimeFormat };
  /** Find the next (or previous) event matching a query, from the selected row. */
  'scap-find': { query: FindQuery; backwards: boolean };
  /** Go to an event by its number (evt.num). */
  'scap-goto-num': { num: number };
  /** The coloring rules were edited. */
  'scap-coloring': { rules: ColoringRule[] };
  /** Follow the data stream of the file descriptor of an event (file index). */
  'scap-follow': { index: number };
  /** Open the Filter → rule dialog for the applied filter. */
  'scap-show-rule': Record<string, never>;
  /** Run one rules file alone in the Alerts panel (Filter → rule). */
  'scap-try-rule': { name: string; text: string };
}

export type ScapEventName = keyof ScapEventDetails;

export function fire<K extends ScapEventName>(from: EventTarget, name: K, detail: ScapEventDetails[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Keeps field-value plumbing typed where a component passes a whole FieldValue around. */
export type { FieldValue };

declare global {
  interface HTMLElementEventMap {
    'scap-open': CustomEvent<ScapEventDetails['scap-open']>;
    'scap-select-event': CustomEvent<ScapEventDetails['scap-select-event']>;
    'scap-select-field': CustomEvent<ScapEventDetails['scap-select-field']>;
    'scap-filter': CustomEvent<ScapEventDetails['scap-filter']>;
    'scap-add-column': CustomEvent<ScapEventDetails['scap-add-column']>;
    'scap-goto-index': CustomEvent<ScapEventDetails['scap-goto-index']>;
    'scap-apply-filter': CustomEvent<ScapEventDetails['scap-apply-filter']>;
    'scap-cancel-load': CustomEvent<ScapEventDetails['scap-cancel-load']>;
    'scap-show-properties': CustomEvent<ScapEventDetails['scap-show-properties']>;
    'scap-sort': CustomEvent<ScapEventDetails['scap-sort']>;
    'scap-columns': CustomEvent<ScapEventDetails['scap-columns']>;
    'scap-time-format': CustomEvent<ScapEventDetails['scap-time-format']>;
    'scap-find': CustomEvent<ScapEventDetails['scap-find']>;
    'scap-goto-num': CustomEvent<ScapEventDetails['scap-goto-num']>;
    'scap-coloring': CustomEvent<ScapEventDetails['scap-coloring']>;
    'scap-follow': CustomEvent<ScapEventDetails['scap-follow']>;
    'scap-try-rule': CustomEvent<ScapEventDetails['scap-try-rule']>;
    'scap-show-rule': CustomEvent<ScapEventDetails['scap-show-rule']>;
  }
}
