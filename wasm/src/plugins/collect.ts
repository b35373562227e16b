// Path walking with fan-out over arrays, as the k8saudit plugin does it: follow keys from a node; when the
// current value is an array, either take element `index` (when the field has an index argument) or
// continue down every element, recording a "missing" marker (-1) for elements where the path stops.
// Results are node indices in a fixed buffer; recursion depth is bounded by the path length.
import { J_ARRAY, kindOf, firstChild, nextSibling, at, get, Bytes } from '../json/nav';

export const MAX_RESULTS: i32 = 4096;
export const results = new StaticArray<i32>(MAX_RESULTS);
export let resultCount: i32 = 0;

function push(n: i32): void {
  if (resultCount < MAX_RESULTS) unchecked(results[resultCount++] = n);
}

function walk(n: i32, path: Array<Bytes>, from: i32, index: i32): bool {
  for (let i = from; i < path.length; i++) {
    if (kindOf(n) == J_ARRAY) {
      if (index < 0) {
        for (let c = firstChild(n); c >= 0; c = nextSibling(n, c)) {
          if (!walk(c, path, i, index)) push(-1);
        }
        return true;
      }
      n = at(n, index);
      if (n < 0) return false;
    }
    const k = unchecked(path[i]);
    if (k.len != 0) n = get(n, k.ptr, k.len);
    if (n < 0) return false;
  }
  push(n);
  return true;
}

/** Collects the values at `path` under `n` into `results`; false when the path is missing altogether. */
export function collect(n: i32, path: Array<Bytes>, index: i32): bool {
  resultCount = 0;
  if (n < 0) return false;
  return walk(n, path, 0, index);
}

/** Follows `path` without fan-out (arrays accept decimal keys); -1 when missing. */
export function follow(n: i32, path: Array<Bytes>): i32 {
  for (let i = 0; i < path.length && n >= 0; i++) {
    const k = unchecked(path[i]);
    n = get(n, k.ptr, k.len);
  }
  return n;
}

/** Builds a path from keys separated by `|` (keys may contain dots, e.g. annotation names). */
export function path(spec: string): Array<Bytes> {
  const parts = spec.split('|');
  const out = new Array<Bytes>(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = new Bytes(parts[i]);
  return out;
}
