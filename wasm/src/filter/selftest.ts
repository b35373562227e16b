// A narrow export for differential tests: runs one byte-string operator of the evaluator on bytes the
// host placed in memory, so test/unit/filter-match.test.ts can compare it with the host's reference
// implementation (engine/filter/strops.ts) and with JavaScript's RegExp on random inputs.
import { bytesContains, bytesStarts, bytesEnds, globMatch, pathPrefixMatch, regexFullMatch } from './match';

/** op: 1 contains, 2 icontains, 3 startswith, 4 endswith, 5 glob, 6 iglob, 7 pmatch (v = one item), 8 regex (v = program). */
export function filterMatchTest(op: i32, s: usize, sl: u32, v: usize, vl: u32): i32 {
  switch (op) {
    case 1: return bytesContains(s, sl, v, vl, false) ? 1 : 0;
    case 2: return bytesContains(s, sl, v, vl, true) ? 1 : 0;
    case 3: return bytesStarts(s, sl, v, vl) ? 1 : 0;
    case 4: return bytesEnds(s, sl, v, vl) ? 1 : 0;
    case 5: return globMatch(v, vl, s, sl, false) ? 1 : 0;
    case 6: return globMatch(v, vl, s, sl, true) ? 1 : 0;
    case 7: return pathPrefixMatch(v, vl, s, sl) ? 1 : 0;
    case 8: return regexFullMatch(v, <i32>(vl >> 2), s, sl) ? 1 : 0;
  }
  return -1;
}
