import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, DomainErrorCode } from '@project/domain';
import { APP_CONFIG, AppConfig, AuthContext, CursorPart, Page, checkCursor, recordAudit, toPage, decodeCursor } from '@project/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CreateUserDto, TokensDto, UserDto, mapUser } from './dto/auth.dto';
import { hashPassword, verifyPassword } from './passwords';
import { UserRow, UsersRepository } from './users.repository';

export interface AccessTokenPayload {
  sub: string;
  org: string;
  email: string;
  roles: AuthContext['roles'];
  lrn: string | null;
}


@Injectable()
export class AuthService {
  // Verifying against a real hash when the user is unknown keeps timing from revealing which emails exist.
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async validateCredentials(email: string, password: string): Promise<UserRow | null> {
    const user = await this.users.findByEmail(email);
    this.dummyHash ??= hashPassword(randomUUID());
    const ok = await verifyPassword(user?.password_hash ?? (await this.dummyHash), password);
    return user && ok ? user : null;
  }

  async issueTokens(user: UserRow, familyId: string = randomUUID()): Promise<TokensDto> {
    const payload: AccessTokenPayload = {
      sub: user.id,
      org: user.organisation_id,
      email: user.email,
      roles: user.roles,
      lrn: user.learner_id,
    };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.accessTokenTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.users.storeRefreshToken(
      user.id,
      familyId,
      sha256(refreshToken),
      new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    );
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, refreshToken, user: mapUser(user) };
  }

  async refresh(refreshToken: string): Promise<TokensDto> {
    const consumed = await this.users.consumeRefreshToken(sha256(refreshToken));
    const user = consumed.outcome === 'ok' ? await this.users.findById(consumed.userId!) : undefined;
    if (!user) throw new UnauthorizedException('The refresh token is invalid, expired or already used');
    return this.issueTokens(user, consumed.familyId);
  }

  async me(auth: AuthContext): Promise<UserDto> {
    const user = await this.users.findById(auth.userId);
    if (!user) throw new UnauthorizedException('This account no longer exists');
    return mapUser(user);
  }

  async createUser(auth: AuthContext, dto: CreateUserDto): Promise<UserDto> {
    if (dto.roles.includes('learner') !== Boolean(dto.learnerId)) {
      throw new DomainError(DomainErrorCode.RuleViolation, 'A learner account needs a learnerId, and only a learner account may have one', {
        errors: [{ field: 'learnerId', message: 'learnerId goes with the learner role, and only with it' }],
      });
    }
    if (await this.users.findByEmail(dto.email)) {
      throw new DomainError(DomainErrorCode.Conflict, `A user with email ${dto.email.toLowerCase()} already exists`, {
        errors: [{ field: 'email', message: 'already used' }],
      });
    }
    const passwordHash = await hashPassword(dto.password);
    const user = await this.users.transaction(async (manager) => {
      if (dto.learnerId && !(await this.users.learnerBelongsTo(manager, dto.learnerId, auth.organisationId))) {
        throw new DomainError(DomainErrorCode.RuleViolation, 'learnerId does not name a learner of your organisation', {
          errors: [{ field: 'learnerId', message: 'unknown learner' }],
        });
      }
      const row = await this.users.insert(manager, {
        organisationId: auth.organisationId,
        email: dto.email,
        passwordHash,
        displayName: dto.displayName,
        roles: dto.roles,
        learnerId: dto.learnerId ?? null,
      });
      await recordAudit(manager, auth, { action: 'user.created', entityType: 'user', entityId: row.id, after: mapUser(row) });
      return row;
    });
    return mapUser(user);
  }

  async listUsers(auth: AuthContext, limit: number, cursor?: string): Promise<Page<UserDto>> {
    const after = checkCursor<[string]>(decodeCursor(cursor, 1), [CursorPart.text])?.[0];
    const rows = await this.users.listForOrganisation(auth.organisationId, limit, after);
    return toPage(rows, limit, (row) => [row.email], mapUser);
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
