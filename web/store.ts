// What the app remembers between visits, in IndexedDB through `idb`: recent captures (as Blobs, kept
// under a size budget, oldest evicted first), filter history, saved filters and settings (columns,
// time format, coloring rules). Every access tolerates a browser that refuses storage.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface RecentCapture {
  id: string;
  name: string;
  size: number;
  openedAt: number;
  blob: Blob;
}

export interface SavedFilter {
  name: string;
  expr: string;
}

interface ScapulaDB extends DBSchema {
  recents: { key: string; value: RecentCapture; indexes: { openedAt: number } };
  history: { key: string; value: { expr: string; usedAt: number }; indexes: { usedAt: number } };
  saved: { key: string; value: SavedFilter };
  settings: { key: string; value: unknown };
}

/** Total bytes of capture Blobs kept for "recent captures"; a larger single file is not kept. */
export const RECENTS_BUDGET = 512 * 1024 * 1024;
const HISTORY_MAX = 50;

let dbp: Promise<IDBPDatabase<ScapulaDB>> | null = null;
function db(): Promise<IDBPDatabase<ScapulaDB>> {
  dbp ??= openDB<ScapulaDB>('scapula', 1, {
    upgrade(d) {
      d.createObjectStore('recents', { keyPath: 'id' }).createIndex('openedAt', 'openedAt');
      d.createObjectStore('history', { keyPath: 'expr' }).createIndex('usedAt', 'usedAt');
      d.createObjectStore('saved', { keyPath: 'name' });
      d.createObjectStore('settings');
    },
  });
  return dbp;
}

async function safe<T>(fallback: T, fn: (d: IDBPDatabase<ScapulaDB>) => Promise<T>): Promise<T> {
  try { return await fn(await db()); } catch (e) { console.warn('scapula: storage unavailable:', e); return fallback; }
}

/** Recent captures, newest first (without touching their Blobs' contents). */
export function listRecents(): Promise<RecentCapture[]> {
  return safe([], async (d) => (await d.getAllFromIndex('recents', 'openedAt')).reverse());
}

export function rememberCapture(blob: Blob, name: string): Promise<void> {
  if (blob.size > RECENTS_BUDGET) return Promise.resolve();
  return safe(undefined, async (d) => {
    const id = `${name}:${blob.size}`;
    const all = (await d.getAllFromIndex('recents', 'openedAt')).filter((r) => r.id !== id);
    let used = blob.size;
    const keep = new Set<string>();
    for (const r of all.reverse()) {
      if (used + r.size > RECENTS_BUDGET) continue;
      used += r.size;
      keep.add(r.id);
    }
    const tx = d.transaction('recents', 'readwrite');
    for (const r of all) if (!keep.has(r.id)) await tx.store.delete(r.id);
    await tx.store.put({ id, name, size: blob.size, openedAt: Date.now(), blob });
    await tx.done;
  });
}

export function forgetCapture(id: string): Promise<void> {
  return safe(undefined, async (d) => { await d.delete('recents', id); });
}

export function filterHistory(): Promise<string[]> {
  return safe([], async (d) => (await d.getAllFromIndex('history', 'usedAt')).reverse().map((h) => h.expr));
}

export function addToHistory(expr: string): Promise<void> {
  return safe(undefined, async (d) => {
    await d.put('history', { expr, usedAt: Date.now() });
    const all = await d.getAllFromIndex('history', 'usedAt');
    for (const old of all.slice(0, Math.max(0, all.length - HISTORY_MAX))) await d.delete('history', old.expr);
  });
}

export function savedFilters(): Promise<SavedFilter[]> {
  return safe([], (d) => d.getAll('saved'));
}

export function saveFilter(f: SavedFilter): Promise<void> {
  return safe(undefined, async (d) => { await d.put('saved', f); });
}

export function deleteSavedFilter(name: string): Promise<void> {
  return safe(undefined, async (d) => { await d.delete('saved', name); });
}

export function loadSetting<T>(key: string): Promise<T | undefined> {
  return safe(undefined, async (d) => (await d.get('settings', key)) as T | undefined);
}

export function storeSetting(key: string, value: unknown): Promise<void> {
  return safe(undefined, async (d) => { await d.put('settings', value, key); });
}
