// The app shell's layout and look: toolbar and its menus, the workspace grid (list, splitter, detail and
// bytes panes), the load-problem and kept-filter notices, the alerts panel and the drop zone.
import { css } from 'lit';

export const appStyles = css`
  :host { display: block; height: 100%; }
  .app { display: flex; flex-direction: column; height: 100%; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px 8px; background: var(--scap-accent); color: var(--scap-accent-fg); }
  .toolbar button { font: 13px var(--scap-sans); cursor: pointer; }
  .update { margin-left: auto; font-weight: 600; }
  .brand { font-weight: 700; margin-right: 10px; letter-spacing: 0.5px; }
  .sep { width: 1px; height: 18px; background: rgb(255 255 255 / 35%); margin: 0 4px; }
  .dropdown { position: relative; }
  .dropdown .menu { position: absolute; z-index: 50; top: 100%; left: 0; display: flex; flex-direction: column; background: var(--scap-bg);
    border: 1px solid var(--scap-border); box-shadow: 0 4px 16px rgb(0 0 0 / 25%); min-width: 220px; }
  .dropdown .menu button { all: unset; padding: 4px 12px; color: var(--scap-fg); font: 12px var(--scap-mono); cursor: pointer; }
  .dropdown .menu button:hover { background: var(--scap-select); color: var(--scap-select-fg); }
  .start { flex: 1; }
  .problem { flex: 1; padding: 32px; overflow: auto; font: 14px var(--scap-sans); }
  .problem h2 { margin: 0 0 12px; font-size: 18px; }
  .problem.error h2 { color: #c62828; }
  .problem .detail { font: 13px var(--scap-mono); white-space: pre-wrap; word-break: break-word; }
  .problem code { font-family: var(--scap-mono); }
  .kept-filter { padding: 4px 10px; background: var(--scap-warn-bg, #fff4d6); color: #5a4300; border-bottom: 1px solid var(--scap-border); font: 12px var(--scap-sans); }
  .kept-filter code { font: 12px var(--scap-mono); }
  .kept-filter button { font: 12px var(--scap-sans); margin-left: 6px; cursor: pointer; }
  .main { flex: 1; min-height: 0; display: grid; grid-template-rows: var(--split, 55%) 5px 1fr; }
  scap-event-list { min-height: 0; }
  .splitter { cursor: row-resize; background: var(--scap-bg-panel); border-top: 1px solid var(--scap-border); border-bottom: 1px solid var(--scap-border); }
  .bottom { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); min-height: 0; }
  scap-detail-tree { border-right: 1px solid var(--scap-border); min-height: 0; }
  scap-hex-view { min-height: 0; }
  .bytes { display: flex; flex-direction: column; min-height: 0; }
  .bytes > * { flex: 1 1 0; min-height: 0; overflow: auto; }
  scap-json-view { border-top: 1px solid var(--scap-border); }
  scap-alerts-panel { height: 38vh; border-top: 2px solid var(--scap-border); }
  scap-alerts-panel[hidden] { display: none; }
  .dropzone { position: fixed; inset: 12px; border: 3px dashed var(--scap-accent); border-radius: 16px; background: rgb(45 91 138 / 12%);
    display: flex; align-items: center; justify-content: center; font: 600 22px var(--scap-sans); color: var(--scap-accent); pointer-events: none; z-index: 100; }
`;
