// Byte-string predicates of the filter language over UTF-8 bytes in linear memory: equality, order,
// (case-insensitive) substring, prefix/suffix, fnmatch-style glob, path-prefix match and the
// Thompson simulation of compiled regex programs. All run in bounded time: glob backtracks only to
// the last `*` (O(n·m)), regex is O(n·program) with no backtracking.

@inline function lower(c: u32): u32 {
  return (c >= 65 && c <= 90) ? c | 0x20 : c;
}

export function bytesEq(a: usize, al: u32, b: usize, bl: u32): bool {
  return al == bl && (al == 0 || memory.compare(a, b, al) == 0);
}

/** strcmp order: <0, 0, >0. */
export function bytesCmp(a: usize, al: u32, b: usize, bl: u32): i32 {
  const n = min(al, bl);
  for (let i: u32 = 0; i < n; i++) {
    const x = <i32>load<u8>(a + i), y = <i32>load<u8>(b + i);
    if (x != y) return x - y;
  }
  return <i32>al - <i32>bl;
}

export function bytesStarts(a: usize, al: u32, b: usize, bl: u32): bool {
  return bl <= al && (bl == 0 || memory.compare(a, b, bl) == 0);
}

export function bytesEnds(a: usize, al: u32, b: usize, bl: u32): bool {
  return bl <= al && (bl == 0 || memory.compare(a + al - bl, b, bl) == 0);
}

export function bytesContains(a: usize, al: u32, b: usize, bl: u32, fold: bool): bool {
  if (bl == 0) return true;
  if (bl > al) return false;
  const first = fold ? lower(<u32>load<u8>(b)) : <u32>load<u8>(b);
  const last = al - bl;
  for (let i: u32 = 0; i <= last; i++) {
    let c = <u32>load<u8>(a + i);
    if (fold) c = lower(c);
    if (c != first) continue;
    let k: u32 = 1;
    if (fold) {
      while (k < bl && lower(<u32>load<u8>(a + i + k)) == lower(<u32>load<u8>(b + k))) k++;
    } else {
      while (k < bl && load<u8>(a + i + k) == load<u8>(b + k)) k++;
    }
    if (k == bl) return true;
  }
  return false;
}

/** Matches the bracket class starting at p[pi] ('[') against c. >0 = index after ']' on match, -1 no match, 0 not a class. */
function globClass(p: usize, pl: u32, pi: u32, c: u32, fold: bool): i32 {
  let j = pi + 1;
  let neg = false;
  if (j < pl && (load<u8>(p + j) == 0x21 || load<u8>(p + j) == 0x5e)) { neg = true; j++; }
  let matched = false;
  let first = true;
  while (j < pl && (load<u8>(p + j) != 0x5d || first)) {
    first = false;
    let lo = <u32>load<u8>(p + j);
    if (lo == 0x5c && j + 1 < pl) { j++; lo = <u32>load<u8>(p + j); }
    let hi = lo;
    if (j + 2 < pl && load<u8>(p + j + 1) == 0x2d && load<u8>(p + j + 2) != 0x5d) {
      hi = <u32>load<u8>(p + j + 2);
      if (hi == 0x5c && j + 3 < pl) { j++; hi = <u32>load<u8>(p + j + 2); }
      j += 2;
    }
    if (fold) {
      const lc = lower(c);
      if ((c >= lo && c <= hi) || (lc >= lower(lo) && lc <= lower(hi))) matched = true;
    } else if (c >= lo && c <= hi) matched = true;
    j++;
  }
  if (j >= pl) return 0;
  return matched != neg ? <i32>(j + 1) : -1;
}

/** fnmatch(pattern p, string s) without flags; `fold` for iglob. */
export function globMatch(p: usize, pl: u32, s: usize, sl: u32, fold: bool): bool {
  let pi: u32 = 0, si: u32 = 0;
  let starP: i64 = -1;
  let starS: u32 = 0;
  while (si < sl) {
    if (pi < pl) {
      const c = <u32>load<u8>(p + pi);
      const sc = <u32>load<u8>(s + si);
      if (c == 0x2a) { pi++; starP = pi; starS = si; continue; }
      if (c == 0x3f) { pi++; si++; continue; }
      if (c == 0x5b) {
        const r = globClass(p, pl, pi, sc, fold);
        if (r > 0) { pi = <u32>r; si++; continue; }
        if (r == 0 && sc == 0x5b) { pi++; si++; continue; }
      } else {
        let lit = c;
        let adv: u32 = 1;
        if (c == 0x5c && pi + 1 < pl) { lit = <u32>load<u8>(p + pi + 1); adv = 2; }
        if (lit == sc || (fold && lower(lit) == lower(sc))) { pi += adv; si++; continue; }
      }
    }
    if (starP < 0) return false;
    pi = <u32>starP;
    starS++;
    si = starS;
  }
  while (pi < pl && load<u8>(p + pi) == 0x2a) pi++;
  return pi == pl;
}

/** Path-prefix match: the components of item (glob each) are a prefix of the components of s. */
export function pathPrefixMatch(item: usize, il: u32, s: usize, sl: u32): bool {
  let ip: u32 = 0, sp: u32 = 0;
  while (true) {
    while (ip < il && load<u8>(item + ip) == 0x2f) ip++;
    while (sp < sl && load<u8>(s + sp) == 0x2f) sp++;
    if (ip >= il) return true; // all item components matched
    if (sp >= sl) return false;
    let ie = ip;
    while (ie < il && load<u8>(item + ie) != 0x2f) ie++;
    let se = sp;
    while (se < sl && load<u8>(s + se) != 0x2f) se++;
    if (!globMatch(item + ip, ie - ip, s + sp, se - sp, false)) return false;
    ip = ie;
    sp = se;
  }
  return false;
}

// ---- regex (Thompson NFA simulation over a program in the plan) -------------------------------------

const RX_CHAR: i32 = 1;
const RX_ANY: i32 = 2;
const RX_CLASS: i32 = 3;
const RX_SPLIT: i32 = 4;
const RX_JMP: i32 = 5;
const RX_MATCH: i32 = 6;
const RX_BOL: i32 = 7;
const RX_EOL: i32 = 8;

let rxCap: i32 = 0;
let rxCur: usize = 0;
let rxNext: usize = 0;
let rxMark: usize = 0;
let rxStack: usize = 0;

function rxEnsure(n: i32): void {
  if (n <= rxCap) return;
  if (rxCap > 0) { heap.free(rxCur); heap.free(rxNext); heap.free(rxMark); heap.free(rxStack); }
  rxCap = n;
  const b = <usize>(n + 1) << 2;
  rxCur = heap.alloc(b); rxNext = heap.alloc(b); rxMark = heap.alloc(b);
  rxStack = heap.alloc(b << 1); // each marked pc pushes at most two successors
}

@inline function pg(prog: usize, pc: i32): i32 { return load<i32>(prog + (<usize>pc << 2)); }

function rxAdd(prog: usize, list: usize, len: i32, pc0: i32, pos: u32, sl: u32, gen: i32): i32 {
  let sp = 0;
  store<i32>(rxStack, pc0);
  sp = 1;
  while (sp > 0) {
    sp--;
    const pc = load<i32>(rxStack + (<usize>sp << 2));
    if (load<i32>(rxMark + (<usize>pc << 2)) == gen) continue;
    store<i32>(rxMark + (<usize>pc << 2), gen);
    const op = pg(prog, pc);
    if (op == RX_JMP) { store<i32>(rxStack + (<usize>sp << 2), pg(prog, pc + 1)); sp++; }
    else if (op == RX_SPLIT) {
      store<i32>(rxStack + (<usize>sp << 2), pg(prog, pc + 2)); sp++;
      store<i32>(rxStack + (<usize>sp << 2), pg(prog, pc + 1)); sp++;
    } else if (op == RX_BOL) { if (pos == 0) { store<i32>(rxStack + (<usize>sp << 2), pc + 1); sp++; } }
    else if (op == RX_EOL) { if (pos == sl) { store<i32>(rxStack + (<usize>sp << 2), pc + 1); sp++; } }
    else { store<i32>(list + (<usize>len << 2), pc); len++; }
  }
  return len;
}

/** Full match of s against the program at prog (n words). */
export function regexFullMatch(prog: usize, n: i32, s: usize, sl: u32): bool {
  rxEnsure(n);
  // the mark array is generation-stamped; reset it per call (generations restart at 1)
  memory.fill(rxMark, 0xff, <usize>n << 2);
  let cur = rxCur, next = rxNext;
  let curN = rxAdd(prog, cur, 0, 0, 0, sl, 0);
  for (let pos: u32 = 0; pos < sl; pos++) {
    const c = <i32>load<u8>(s + pos);
    let nextN = 0;
    for (let k = 0; k < curN; k++) {
      const pc = load<i32>(cur + (<usize>k << 2));
      const op = pg(prog, pc);
      let ok = false;
      let len = 1;
      if (op == RX_CHAR) { ok = pg(prog, pc + 1) == c; len = 2; }
      else if (op == RX_ANY) { ok = c != 10; }
      else if (op == RX_CLASS) { ok = ((<u32>pg(prog, pc + 1 + (c >> 5)) >>> (<u32>c & 31)) & 1) == 1; len = 9; }
      if (ok) nextN = rxAdd(prog, next, nextN, pc + len, pos + 1, sl, <i32>pos + 1);
    }
    const t = cur; cur = next; next = t;
    curN = nextN;
    if (curN == 0) return false;
  }
  for (let k = 0; k < curN; k++) if (pg(prog, load<i32>(cur + (<usize>k << 2))) == RX_MATCH) return true;
  return false;
}
