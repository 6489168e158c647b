import type { AccessRoute, JuryMemberRole } from './vocabulary';

/**
 * Rule 6 (domain.md) — jury composition: a jury session's members must satisfy the certification's
 * rule for the access route of each candidate it decides on; when they do not, the reason names the
 * missing role. E.g. RNCP41296: two external professionals + one member of the certifier's management;
 * RNCP41336: two pedagogical leads (one being the national head or their delegate) + two external
 * ESS professionals.
 */

export interface JuryRequirement {
  label: string;
  /** A member with any of these roles counts. */
  roles: readonly string[];
  min: number;
  /** When true, only members flagged external count (independence condition). */
  external?: boolean;
}

/** The structured rule of one access route; null when the route is closed. */
export type JuryCompositionRule = { requirements: readonly JuryRequirement[] } | null;

export interface JuryMemberForComposition {
  role: JuryMemberRole | string;
  external: boolean;
}

export interface MissingJuryRole {
  label: string;
  roles: string[];
  external: boolean;
  required: number;
  present: number;
}

export interface JuryCompositionCheck {
  satisfied: boolean;
  missing: MissingJuryRole[];
  /** The route has no rule (closed route): no jury can decide on it. */
  noRule: boolean;
  /** A sentence for the error's detail, naming what is missing; null when satisfied. */
  reason: string | null;
}

/** One member may count towards several requirements, e.g. the national head is also a pedagogical lead. */
function countFor(requirement: JuryRequirement, members: readonly JuryMemberForComposition[]): number {
  return members.filter((m) => requirement.roles.includes(m.role) && (!requirement.external || m.external)).length;
}

export function describeMissing(missing: readonly MissingJuryRole[]): string {
  return missing
    .map((m) => `${m.label} (${m.roles.join(' or ')}${m.external ? ', external' : ''}): ${m.required} required, ${m.present} present`)
    .join('; ');
}

export function checkJuryComposition(rule: JuryCompositionRule, members: readonly JuryMemberForComposition[]): JuryCompositionCheck {
  if (rule === null) {
    return { satisfied: false, missing: [], noRule: true, reason: 'No jury composition rule: the access route is closed' };
  }
  // Only the sheet's sentence is known (e.g. fresh from an RNCP import): nothing proves the jury is
  // lawful, so no jury may decide until an admin states the required roles.
  if (rule.requirements.length === 0) {
    return {
      satisfied: false,
      missing: [],
      noRule: false,
      reason: 'The jury composition of this route is known only as text: an admin must state its required roles before a jury can decide',
    };
  }
  const missing: MissingJuryRole[] = [];
  for (const requirement of rule.requirements) {
    const present = countFor(requirement, members);
    if (present < requirement.min) {
      missing.push({
        label: requirement.label,
        roles: [...requirement.roles],
        external: requirement.external === true,
        required: requirement.min,
        present,
      });
    }
  }
  const satisfied = missing.length === 0;
  return { satisfied, missing, noRule: false, reason: satisfied ? null : `Jury composition incomplete: ${describeMissing(missing)}` };
}

export interface RouteJuryCompositionCheck extends JuryCompositionCheck {
  /** Routes without a rule (closed) among those checked. */
  closedRoutes: string[];
  byRoute: ({ route: AccessRoute | string } & JuryCompositionCheck)[];
}

/**
 * A session deciding on candidates of several routes must satisfy each of those routes' rules.
 * What is missing is merged: the same requirement (label, roles, external) is listed once.
 * No route at all (no candidate) is trivially satisfied.
 */
export function checkJuryCompositionForRoutes(
  routes: readonly { route: AccessRoute | string; rule: JuryCompositionRule }[],
  members: readonly JuryMemberForComposition[],
): RouteJuryCompositionCheck {
  const byRoute = routes.map((r) => ({ route: r.route, ...checkJuryComposition(r.rule, members) }));
  const merged = new Map<string, MissingJuryRole>();
  for (const check of byRoute) {
    for (const m of check.missing) {
      const key = JSON.stringify([m.label, [...m.roles].sort(), m.external]);
      const current = merged.get(key);
      if (!current || m.required > current.required) merged.set(key, m);
    }
  }
  const missing = [...merged.values()];
  const closedRoutes = [...new Set(byRoute.filter((c) => c.noRule).map((c) => c.route))];
  const satisfied = byRoute.every((c) => c.satisfied);
  const reasons: string[] = [];
  if (closedRoutes.length > 0) reasons.push(`No jury composition rule for closed route(s): ${closedRoutes.join(', ')}`);
  if (missing.length > 0) reasons.push(`Jury composition incomplete: ${describeMissing(missing)}`);
  return {
    satisfied,
    missing,
    noRule: closedRoutes.length > 0,
    closedRoutes,
    byRoute,
    reason: satisfied ? null : reasons.join('. '),
  };
}
