import { curlOf } from './client';
import { OperationStats, Violation } from './fuzzer';
import { SentRequest } from './oracle';

/** A violation's reason without the ids and numbers that differ from one request to the next. */
export function reasonOf(violation: Violation): string {
  return violation.why
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d{5,}/g, '<n>')
    .slice(0, 220);
}

/** Violations are grouped by rule, operation and status; each group keeps its distinct reasons. */
export function causeOf(violation: Violation): string {
  return `${violation.rule} | ${violation.operation} | ${violation.status}`;
}

export interface ViolationGroup {
  cause: string;
  count: number;
  callers: Set<string>;
  mutations: Set<string>;
  reasons: Map<string, number>;
  first: Violation;
}

export function groupViolations(violations: Violation[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const violation of violations) {
    const cause = causeOf(violation);
    const group = groups.get(cause) ?? { cause, count: 0, callers: new Set(), mutations: new Set(), reasons: new Map(), first: violation };
    group.count++;
    const reason = reasonOf(violation);
    group.reasons.set(reason, (group.reasons.get(reason) ?? 0) + 1);
    group.callers.add(violation.request.caller);
    group.mutations.add(violation.request.mutation);
    groups.set(cause, group);
  }
  return [...groups.values()].sort((a, b) => a.cause.localeCompare(b.cause));
}

function statusesOf(stats: OperationStats): string {
  return [...stats.statuses.entries()]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
}

export function summaryTable(stats: Map<string, OperationStats>): string {
  const rows = [...stats.entries()].map(([key, s]) => [
    key,
    String(s.requests),
    (s.ms / 1000).toFixed(1),
    statusesOf(s),
    String(s.violations),
    String(s.refusedAllowed),
  ]);
  const header = ['operation', 'requests', 'seconds', 'statuses seen', 'violations', '400 on allowed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 || i === 2 || i >= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function describe(request: SentRequest): string {
  return `caller=${request.caller}; ${request.mutation}`;
}

export function violationsText(groups: ViolationGroup[]): string {
  return groups
    .map((g) =>
      [
        `✗ [${g.first.rule}] ${g.first.operation} → ${g.first.status}: ${g.count} time(s); callers: ${[...g.callers].join(', ')}`,
        ...[...g.reasons.entries()].slice(0, 4).map(([reason, n]) => `  ${n} × ${reason}`),
        ...(g.reasons.size > 4 ? [`  … and ${g.reasons.size - 4} other reason(s)`] : []),
        `  requests: ${[...g.mutations].slice(0, 4).join(' / ')}`,
        `  first as request #${g.first.index}, ${describe(g.first.request)}:`,
        `  $ ${curlOf(g.first.request)}`,
      ].join('\n'),
    )
    .join('\n\n');
}

export function refusedAllowedText(stats: Map<string, OperationStats>): string {
  return [...stats.entries()]
    .filter(([, s]) => s.refusedAllowedExample)
    .map(
      ([key, s]) =>
        `• ${key}: ${s.refusedAllowed} × 400, e.g. ${describe(s.refusedAllowedExample!.request)} → ${s.refusedAllowedExample!.detail}\n  $ ${curlOf(s.refusedAllowedExample!.request, 600)}`,
    )
    .join('\n');
}

/** Every violation, with its full request, for the JSON report. */
export function violationsJson(violations: Violation[]): unknown[] {
  return violations.map((v) => ({
    ...v,
    request: {
      ...v.request,
      payload:
        v.request.payload === undefined
          ? undefined
          : Buffer.isBuffer(v.request.payload)
            ? { base64: v.request.payload.toString('base64') }
            : v.request.payload.length > 100_000
              ? { truncatedText: v.request.payload.slice(0, 100_000), length: v.request.payload.length }
              : v.request.payload,
    },
  }));
}
