// Turns a display filter into a Falco rule skeleton (rule, desc, condition, output, priority, source)
// and its YAML. The source follows the fields the filter uses (ka.* = k8s_audit, ct.*/s3.*/ec2.* =
// aws_cloudtrail, else syscall); the output names the filter's own fields plus a few per source.
import { stringify } from 'yaml';

export const RULE_PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'] as const;
export type RulePriority = typeof RULE_PRIORITIES[number];

export interface RuleSkeleton {
  rule: string;
  desc: string;
  condition: string;
  output: string;
  priority: RulePriority;
  source: 'syscall' | 'k8s_audit' | 'aws_cloudtrail';
}

const BASE_OUTPUT: Record<RuleSkeleton['source'], string[]> = {
  syscall: ['evt.type', 'proc.name', 'proc.pid', 'user.name', 'fd.name'],
  k8s_audit: ['ka.verb', 'ka.target.resource', 'ka.target.name', 'ka.user.name'],
  aws_cloudtrail: ['ct.name', 'ct.user', 'ct.srcip', 'ct.region'],
};

/** Field names in a filter (words like `proc.name` or `evt.arg[0]`; quoted strings skipped). */
export function filterFields(filter: string): string[] {
  const out: string[] = [];
  const unquoted = filter.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
  for (const m of unquoted.matchAll(/\b([a-z][a-z0-9_]*\.[a-z0-9_.]+(?:\[[^\]\s]*\])?)/gi)) {
    if (!out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

export function sourceOf(fields: string[]): RuleSkeleton['source'] {
  if (fields.some((f) => f.startsWith('ka.'))) return 'k8s_audit';
  if (fields.some((f) => /^(ct|s3|ec2|ecr|iam)\./.test(f))) return 'aws_cloudtrail';
  return 'syscall';
}

export function ruleFromFilter(filter: string, opts: { name: string; priority: RulePriority; extraFields?: string[] }): RuleSkeleton {
  const fields = filterFields(filter);
  const source = sourceOf(fields);
  const shown = [...BASE_OUTPUT[source]];
  for (const f of [...fields, ...(opts.extraFields ?? [])]) if (!shown.includes(f) && shown.length < 16) shown.push(f);
  return {
    rule: opts.name,
    desc: `Events matching the display filter ${filter} (written from Scapula)`,
    condition: filter,
    output: `${opts.name} (${shown.map((f) => `${f}=%${f}`).join(' ')})`,
    priority: opts.priority,
    source,
  };
}

/** The rule as a Falco rules file (a YAML list with one item). */
export function ruleYaml(r: RuleSkeleton): string {
  return stringify([r], { lineWidth: 0 });
}
