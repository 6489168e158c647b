import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Role } from '@project/domain';
import { AuthContext, hasRole } from './auth-context';
import { IS_PUBLIC, REQUIRED_ROLES } from './authenticated.decorator';

/** Global guard: every route needs a valid bearer token unless marked @Public(); roles are then checked. */
@Injectable()
export class AccessTokenGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
    const auth = context.switchToHttp().getRequest().user as AuthContext;
    if (roles.length > 0 && !hasRole(auth, ...roles)) {
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // A revoked token says so; a failing lookup (database down) is not a bad token.
    if (error) throw error;
    if (!user) throw new UnauthorizedException('A valid bearer access token is required');
    return user;
  }
}
