import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig, AuthContext, validationProblem } from '@project/platform';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { AccessTokenPayload, AuthService } from './auth.service';
import { UserRow } from './users.repository';

/**
 * Passport reads the login body before the global ValidationPipe runs: a body that is not two strings
 * (a number for email, a NUL character...) is a 400 naming the field here, not a 500 from further down.
 */
@Injectable()
export class LoginBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    for (const field of ['email', 'password']) {
      const value = fields[field];
      if (typeof value !== 'string' || value.length === 0) throw validationProblem(field, `${field} must be a non-empty string`);
      if (value.includes('\u0000')) throw validationProblem(field, `${field} must not contain the NUL character (U+0000)`);
    }
    return true;
  }
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  async validate(email: string, password: string): Promise<UserRow> {
    const user = await this.auth.validateCredentials(email, password);
    // Same answer whether the email or the password was wrong.
    if (!user) throw new UnauthorizedException('Invalid email or password');
    return user;
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given a string, jsonwebtoken would build one on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload): AuthContext {
    return { userId: payload.sub, organisationId: payload.org, email: payload.email, roles: payload.roles, learnerId: payload.lrn };
  }
}
