import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, AppConfig, AuthContext, ThrottleService, clientNetwork, textProblem, validationProblem } from '@project/platform';
import { isUUID } from 'class-validator';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { AccessRevisions } from './access-revisions';
import { AccessTokenPayload, AuthService } from './auth.service';
import { UserRow } from './users.repository';

/**
 * Passport reads the login body before the global ValidationPipe runs: a body that is not two strings
 * (a number for email, a NUL character, a lone surrogate...) is a 400 naming the field here, not a 500 from further down.
 */
@Injectable()
export class LoginBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    for (const field of ['email', 'password']) {
      const value = fields[field];
      if (typeof value !== 'string' || value.length === 0) throw validationProblem(field, `${field} must be a non-empty string`);
      const problem = textProblem(value);
      if (problem) throw validationProblem(field, `${field} ${problem}`);
    }
    if (fields.organisationId !== undefined && !(typeof fields.organisationId === 'string' && isUUID(fields.organisationId))) {
      throw validationProblem('organisationId', 'organisationId must be a UUID');
    }
    return true;
  }
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  /**
   * Failed attempts are limited per address and account (guessing one password) and per address (trying one
   * password on many accounts); a successful login gives its attempt back, so many people behind one address
   * who sign in normally are never throttled. The address is the peer's, or X-Forwarded-For's from TRUST_PROXY (an IPv6 one counts as its /64).
   */
  async validate(request: { ip: string; body: { organisationId?: string } }, email: string, password: string): Promise<UserRow> {
    const account = email.toLowerCase();
    const network = clientNetwork(request.ip);
    const attempt = await this.throttle.attempt(
      [
        { key: `login:address:${network}`, limit: this.config.loginThrottlePerAddressPerMinute },
        { key: `login:account:${network}:${account}`, limit: this.config.loginThrottlePerMinute },
      ],
      'failed login attempts',
    );
    const user = await this.auth.validateCredentials(email, password, request.body.organisationId);
    // Same answer whether the email or the password was wrong.
    if (!user) throw new UnauthorizedException('Invalid email or password');
    await attempt.refund();
    return user;
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revisions: AccessRevisions,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once: given a string, jsonwebtoken would build one on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * The signature and expiry are checked; then a token must have an expiry at all (jsonwebtoken accepts one
   * without), and its revision must still be the user's, who must still be active (cached, see AccessRevisions).
   */
  async validate(payload: AccessTokenPayload & { exp?: unknown }): Promise<AuthContext> {
    if (typeof payload.exp !== 'number' || typeof payload.rev !== 'number' || typeof payload.sub !== 'string') {
      throw new UnauthorizedException('A valid bearer access token is required');
    }
    const state = await this.revisions.current(payload.sub);
    if (!state?.active || state.revision !== payload.rev) {
      throw new UnauthorizedException('This access token was revoked (the account changed): refresh it or sign in again');
    }
    return { userId: payload.sub, organisationId: payload.org, email: payload.email, roles: payload.roles, learnerId: payload.lrn };
  }
}
