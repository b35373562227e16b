// What the app's dialogs share: the frame, backdrop, header and title, and the tabbed tables of the
// statistics-style dialogs. Each dialog adds its size and its own parts after these.
import { css } from 'lit';

export const dialogFrame = css`
  dialog { padding: 0; border: 1px solid var(--scap-border); background: var(--scap-bg); color: var(--scap-fg); }
  dialog::backdrop { background: rgb(0 0 0 / 35%); }
  header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: var(--scap-bg-panel); }
  header button { margin-left: auto; }
  h2 { font-size: 16px; margin: 0; }
  .dim { color: var(--scap-fg-dim); font-size: 12px; }
`;

export const tabbedTables = css`
  dialog[open] { display: flex; flex-direction: column; }
  .tabs { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px 10px 0; border-bottom: 1px solid var(--scap-border); background: var(--scap-bg-panel); }
  .tabs button { font: 13px var(--scap-sans); border: 1px solid transparent; border-bottom: none; background: none; color: inherit; padding: 4px 8px; cursor: pointer; }
  .tabs button.on { background: var(--scap-bg); border-color: var(--scap-border); font-weight: 600; }
  .cnt { color: var(--scap-fg-dim); font-size: 11px; font-weight: 400; }
  .body { padding: 6px 14px 16px; overflow: auto; flex: 1; font: 13px var(--scap-sans); }
  table { border-collapse: collapse; width: 100%; }
  th { text-align: right; font-weight: 500; color: var(--scap-fg-dim); padding: 2px 10px 2px 0; position: sticky; top: 0; background: var(--scap-bg); }
  th.key { text-align: left; }
  td { padding: 1px 10px 1px 0; font: 12px var(--scap-mono); white-space: nowrap; }
  td.key { white-space: pre-wrap; word-break: break-all; }
  .n { text-align: right; }
`;
