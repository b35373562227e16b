// Explain: a rule's expanded condition as a tree, each clause evaluated on one event — true, false,
// or missing (the field has no value there, which makes the check false) — with the field values it
// used, and the macro each sub-tree came from. Each check is compiled alone and run on a one-event
// mask by the same WASM evaluator that produced the alert, so the tree cannot disagree with it.
import type { ExplainNode } from '../api.ts';
import type { Capture } from '../capture.ts';
import { printExpr, printFieldExpr, type CheckExpr, type Expr } from '../filter/ast.ts';
import { compileAst } from '../filter/index.ts';
import { parseFlatJson, valueText } from './alerts-format.ts';
import { captureRenderer } from './capture-run.ts';

/** Nodes explained at most (a hostile or huge condition still answers quickly). */
const MAX_NODES = 2000;

/**
 * `enterEvent`: in the current event model, the enter event whose parameters the exit carries (its
 * `evt.arg.X` values are shown from there when the exit itself lacks X); -1 otherwise.
 */
export function explainRule(cap: Capture, ast: Expr, macroOrigin: WeakMap<Expr, string>, event: number, enterEvent = -1): ExplainNode {
  const mask = new Uint8Array((cap.eventCount + 7) >> 3);
  mask[event >> 3] |= 1 << (event & 7);
  const renderer = captureRenderer(cap);
  let budget = MAX_NODES;

  const test = (node: Expr): boolean | null => {
    const c = compileAst(printExpr(node), node);
    if (!c.ok) return null;
    return cap.runPlanMasked(c.plan.plan, mask).length > 0;
  };

  const enterMask = new Uint8Array(mask.length);
  if (enterEvent >= 0) enterMask[enterEvent >> 3] |= 1 << (enterEvent & 7);
  const fieldValues = (fields: string[]): { field: string; value: string | null }[] => {
    const lines = renderer.render(fields, mask);
    const vals = lines.length ? parseFlatJson(lines[0]) : new Map();
    return fields.map((f) => {
      let value = valueText(vals.get(f));
      if (value === null && enterEvent >= 0 && /^evt\.(raw)?arg\./.test(f)) {
        const el = renderer.render([f], enterMask);
        value = el.length ? valueText(parseFlatJson(el[0]).get(f)) : null;
      }
      return { field: f, value };
    });
  };

  const visit = (e: Expr): ExplainNode => {
    const macro = macroOrigin.get(e) ?? null;
    if (--budget < 0) return { kind: 'check', text: printExpr(e), macro, result: test(e) ? 'true' : 'false', values: [], children: [] };
    if (e.kind === 'and' || e.kind === 'or') {
      const children = e.children.map(visit);
      const t = e.kind === 'and' ? children.every((c) => c.result === 'true') : children.some((c) => c.result === 'true');
      return { kind: e.kind, text: printExpr(e), macro, result: t ? 'true' : 'false', values: [], children };
    }
    if (e.kind === 'not') {
      const child = visit(e.child);
      return { kind: 'not', text: printExpr(e), macro, result: child.result === 'true' ? 'false' : 'true', values: [], children: [child] };
    }
    if (e.kind === 'macro') return { kind: 'check', text: e.name, macro, result: 'false', values: [], children: [] };
    return explainCheck(e, macro);
  };

  const explainCheck = (e: CheckExpr, macro: string | null): ExplainNode => {
    const text = printExpr(e);
    const ok = test(e);
    const fields = [printFieldExpr(e.left)];
    if (e.right?.kind === 'val') fields.push(printFieldExpr(e.right.field));
    else if (e.right?.kind === 'transformer') fields.push(printFieldExpr(e.right));
    const values = fieldValues(fields);
    let result: ExplainNode['result'] = ok ? 'true' : 'false';
    if (!ok && e.op !== 'exists') {
      const exists: CheckExpr = { kind: 'check', left: e.left, op: 'exists', opSpan: e.opSpan, modifier: null, right: null, span: e.span };
      if (test(exists) === false) result = 'missing';
    }
    return { kind: 'check', text, macro, result, values, children: [] };
  };

  return visit(ast);
}
