import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from '@project/domain';
import { AuthContext } from './auth-context';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** Opts a route out of the global deny-by-default guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** A route for signed-in users, optionally restricted to some roles. */
export function Authenticated(options: { roles?: Role[] } = {}) {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, options.roles ?? []),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, expired or invalid access token' }),
    ApiForbiddenResponse({ description: "The caller's role does not allow this" }),
  );
}

export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  return context.switchToHttp().getRequest().user as AuthContext;
});
