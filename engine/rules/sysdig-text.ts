// Prints an expanded rule condition as filter text that sysdig 0.29 accepts: every and/or group is
// parenthesised (sysdig rejects mixing them without parentheses) and `not` is applied to a
// parenthesised operand. Used to cross-check legacy-model detections against `sysdig -r FILE
// "CONDITION"`, and offered to users who want to reproduce an alert with sysdig.
import { printExpr, type Expr } from '../filter/ast.ts';

export function sysdigText(e: Expr): string {
  switch (e.kind) {
    case 'and': case 'or': return e.children.map((c) => wrap(c)).join(` ${e.kind} `);
    case 'not': return `not ${wrap(e.child, true)}`;
    default: return printExpr(e);
  }
}

function wrap(e: Expr, always = false): string {
  return e.kind === 'and' || e.kind === 'or' || (always && e.kind === 'not') ? `(${sysdigText(e)})` : sysdigText(e);
}
