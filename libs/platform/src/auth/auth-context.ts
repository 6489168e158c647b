import { Role } from '@project/domain';

/** Who is calling, as read from a verified access token. */
export interface AuthContext {
  userId: string;
  organisationId: string;
  email: string;
  roles: Role[];
  learnerId: string | null;
}

export function hasRole(auth: AuthContext, ...roles: Role[]): boolean {
  return roles.some((role) => auth.roles.includes(role));
}
