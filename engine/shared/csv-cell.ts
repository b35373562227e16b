// One RFC 4180 CSV cell, for files a spreadsheet may open. Capture strings are attacker-controlled, and a
// spreadsheet runs a cell that starts with =, +, -, @, tab or CR as a formula; such a cell gets a leading
// single quote inside a quoted field (the usual neutralisation, shown as text by the spreadsheet). A
// negative number (-2) is left as it is: it is a value, not a formula. Other cells are quoted only when
// they hold a quote, comma or line break.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

export function csvCell(s: string): string {
  if (FORMULA_START.test(s) && !NEGATIVE_NUMBER.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
