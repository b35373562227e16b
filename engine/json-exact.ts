// Reads the formatter's `-j` objects without losing what JSON.parse loses: every number is kept as its
// source text, so u64 nanosecond timestamps (beyond a double's 53 bits) and ids stay exact.
// Linear in the input; strings are copied untouched (escapes included).

/** JSON.parse, with each number replaced by the string of its digits. Throws SyntaxError on bad JSON. */
export function parseJsonExact(text: string): unknown {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  let from = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote
      i++;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      out.push(text.slice(from, i), JSON.stringify(text.slice(i, j)));
      from = i = j;
    } else {
      i++;
    }
  }
  out.push(text.slice(from));
  return JSON.parse(out.join(''));
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
