import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, DomainErrorCode, notFound } from '@project/domain';
import { unassignTrainerFromAllCohorts } from '@project/learners';
import {
  APP_CONFIG,
  AppConfig,
  AuthContext,
  CursorPart,
  hasRole,
  Page,
  PG_UNIQUE_VIOLATION,
  checkCursor,
  postgresError,
  recordAudit,
  toPage,
  decodeCursor,
  validationProblem,
  ThrottleService,
  passwordWeakness,
} from '@project/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CreateUserDto, SetPasswordDto, TokensDto, UpdateUserDto, UserDto, mapUser } from './dto/auth.dto';
import { AccessRevisions } from './access-revisions';
import { hashPassword, verifyPassword } from './passwords';
import { UserRow, UsersRepository } from './users.repository';

export interface AccessTokenPayload {
  sub: string;
  org: string;
  email: string;
  roles: AuthContext['roles'];
  lrn: string | null;
  /** The user's access_revision when issued: a later change of rights refuses the token. */
  rev: number;
}

@Injectable()
export class AuthService {
  // Verifying against a real hash when the user is unknown keeps timing from revealing which emails exist.
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly revisions: AccessRevisions,
    private readonly throttle: ThrottleService,
  ) {}

  /**
   * The active account this email and password open. An email may have an account in several organisations
   * (one each): the password tells them apart, and `organisationId` when it opens more than one.
   */
  async validateCredentials(email: string, password: string, organisationId?: string): Promise<UserRow | null> {
    const accounts = await this.users.findByEmail(email, organisationId);
    this.dummyHash ??= hashPassword(randomUUID());
    if (accounts.length === 0) await verifyPassword(await this.dummyHash, password);
    const opened: UserRow[] = [];
    for (const account of accounts) if (await verifyPassword(account.passwordHash, password)) opened.push(account);
    // A deactivated account gets the same answer as a wrong password, after the same work.
    const active = opened.filter((account) => account.deactivatedAt === null);
    if (active.length > 1) {
      // Only whoever knows the password of each learns this.
      throw new DomainError(DomainErrorCode.Conflict, 'This email and password open accounts in several organisations', {
        errors: [{ field: 'organisationId', message: 'required: say which organisation to sign in to' }],
      });
    }
    return active[0] ?? null;
  }

  async issueTokens(user: UserRow, familyId: string = randomUUID(), refusal = 'Invalid email or password'): Promise<TokensDto> {
    const payload: AccessTokenPayload = {
      sub: user.id,
      org: user.organisationId,
      email: user.email,
      roles: user.roles,
      lrn: user.learnerId,
      rev: user.accessRevision,
    };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.accessTokenTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    const stored = await this.users.storeRefreshToken(
      user.id,
      familyId,
      sha256(refreshToken),
      new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    );
    // Deactivated meanwhile (between the password check and now): no tokens.
    if (!stored) throw new UnauthorizedException(refusal);
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, refreshToken, user: mapUser(user) };
  }

  async refresh(refreshToken: string): Promise<TokensDto> {
    const consumed = await this.users.consumeRefreshToken(sha256(refreshToken));
    const refusal = 'The refresh token is invalid, expired or already used';
    const user = consumed.outcome === 'ok' ? await this.users.findById(consumed.userId!) : undefined;
    if (!user || user.deactivatedAt !== null) throw new UnauthorizedException(refusal);
    return this.issueTokens(user, consumed.familyId, refusal);
  }

  /** Sign-out: the token's whole family (this login's rotations) is revoked; an unknown token changes nothing and says nothing. */
  async logout(refreshToken: string): Promise<void> {
    await this.users.revokeRefreshTokenFamily(sha256(refreshToken));
  }

  /** Read afresh: /me, which clients call to restore a session, says 401 at once for a deactivated account. */
  async me(auth: AuthContext): Promise<UserDto> {
    const user = await this.users.findById(auth.userId);
    if (!user || user.deactivatedAt !== null) throw new UnauthorizedException('This account no longer exists or is deactivated');
    return mapUser(user);
  }

  async createUser(auth: AuthContext, dto: CreateUserDto): Promise<UserDto> {
    assertLearnerLink(dto.roles, dto.learnerId ?? null);
    // Only this organisation's accounts count: whether the address has an account elsewhere is not told.
    if ((await this.users.findByEmail(dto.email, auth.organisationId)).length > 0) throw emailAlreadyUsed(dto.email);
    const passwordHash = await hashPassword(dto.password);
    const user = await this.users.transaction(async (manager) => {
      await this.assertActiveActor(manager, auth);
      if (dto.learnerId) await this.assertLearnerOfOrganisation(manager, auth, dto.learnerId);
      const row = await this.users
        .insert(manager, {
          organisationId: auth.organisationId,
          email: dto.email,
          passwordHash,
          displayName: dto.displayName,
          roles: dto.roles,
          learnerId: dto.learnerId ?? null,
        })
        .catch((error: unknown) => accountAlreadyTaken(error, dto.email));
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

  async getUser(auth: AuthContext, id: string): Promise<UserDto> {
    const user = await this.users.read((manager) => this.users.findInOrganisation(manager, auth.organisationId, id));
    if (!user) throw notFound(`User ${id}`);
    return mapUser(user);
  }

  async updateUser(auth: AuthContext, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const updated = await this.users.transaction(async (manager) => {
      await this.assertActiveActor(manager, auth);
      const current = await this.users.findInOrganisation(manager, auth.organisationId, id, true);
      if (!current) throw notFound(`User ${id}`);
      const roles = dto.roles ?? current.roles;
      const learnerId = dto.learnerId === undefined ? current.learnerId : dto.learnerId;
      const active = dto.active ?? current.deactivatedAt === null;
      if (dto.roles !== undefined || dto.learnerId !== undefined) assertLearnerLink(roles, learnerId);
      if (learnerId && learnerId !== current.learnerId) await this.assertLearnerOfOrganisation(manager, auth, learnerId);

      const wasActiveAdmin = current.roles.includes('admin') && current.deactivatedAt === null;
      const field = active ? 'roles' : 'active';
      if (wasActiveAdmin && (!active || !roles.includes('admin'))) {
        if (id === auth.userId) {
          throw new DomainError(DomainErrorCode.RuleViolation, 'An admin cannot deactivate itself nor remove its own admin role', {
            errors: [{ field, message: 'ask another admin of the organisation' }],
          });
        }
        await this.users.lockOrganisationAdmins(manager, auth.organisationId);
        if ((await this.users.countOtherActiveAdmins(manager, auth.organisationId, id)) === 0) {
          throw new DomainError(DomainErrorCode.RuleViolation, 'This is the last active admin of the organisation', {
            errors: [{ field, message: 'the organisation would have no active admin left' }],
          });
        }
      }

      const row = await this.users
        .update(manager, id, { displayName: dto.displayName ?? current.displayName, roles, learnerId, active })
        .catch(accountAlreadyTaken);
      if (!active) {
        await this.users.revokeRefreshTokens(manager, id);
        const unassigned = await unassignTrainerFromAllCohorts(manager, id);
        await recordAudit(
          manager,
          auth,
          unassigned.map((cohort) => ({
            action: 'cohort.trainer_removed',
            entityType: 'cohort',
            entityId: cohort.cohortId,
            before: { trainerUserIds: cohort.before },
            after: { trainerUserIds: cohort.after },
            reason: 'trainer account deactivated',
          })),
        );
      }
      const before = mapUser(current);
      const after = mapUser(row);
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        const action = before.active === after.active ? 'user.updated' : after.active ? 'user.reactivated' : 'user.deactivated';
        await recordAudit(manager, auth, { action, entityType: 'user', entityId: id, before, after });
      }
      return after;
    });
    this.revisions.forget(id);
    return updated;
  }

  /** An admin sets anyone's password in its organisation; users set their own by giving the current one. */
  async setPassword(auth: AuthContext, id: string, dto: SetPasswordDto): Promise<void> {
    const self = id === auth.userId;
    if (!self && !hasRole(auth, 'admin')) {
      throw new DomainError(DomainErrorCode.Forbidden, "Only an admin may set another user's password");
    }
    if (self && dto.currentPassword === undefined)
      throw validationProblem('currentPassword', 'currentPassword is required to change your own password');
    const passwordHash = await hashPassword(dto.password);
    await this.users.transaction(async (manager) => {
      await this.assertActiveActor(manager, auth, !self);
      const target = await this.users.findInOrganisation(manager, auth.organisationId, id, true);
      if (!target) throw notFound(`User ${id}`);
      const weakness = passwordWeakness(dto.password, [target.email, target.displayName]);
      if (weakness) throw validationProblem('password', `password ${weakness}`);
      if (self) await this.verifyCurrentPassword(target, dto.currentPassword!);
      await this.users.updatePasswordHash(manager, id, passwordHash);
      // Whoever held a session with the old password must sign in again.
      await this.users.revokeRefreshTokens(manager, id);
      await recordAudit(manager, auth, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: id,
        after: { by: self ? 'self' : 'admin' },
      });
    });
    this.revisions.forget(id);
  }

  /**
   * Someone holding a user's access token must not guess its password here: wrong current passwords are
   * limited per account like failed logins (the count lives outside the transaction, which rolls back).
   */
  private async verifyCurrentPassword(user: UserRow, currentPassword: string): Promise<void> {
    const attempt = await this.throttle.attempt(
      [{ key: `password_change:${user.id}`, limit: this.config.loginThrottlePerMinute }],
      'wrong current passwords',
    );
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new DomainError(DomainErrorCode.Forbidden, 'The current password is wrong', {
        errors: [{ field: 'currentPassword', message: 'does not match' }],
      });
    }
    await attempt.refund();
  }

  /**
   * An access token outlives a deactivation or a lost admin role by minutes: changes to accounts check the
   * caller afresh, so nobody reactivates or promotes itself back meanwhile.
   */
  private async assertActiveActor(manager: EntityManager, auth: AuthContext, asAdmin = true): Promise<void> {
    const actor = await this.users.findInOrganisation(manager, auth.organisationId, auth.userId);
    if (!actor || actor.deactivatedAt !== null) throw new UnauthorizedException('This account no longer exists or is deactivated');
    if (asAdmin && !actor.roles.includes('admin')) throw new DomainError(DomainErrorCode.Forbidden, 'This account is no longer an admin');
  }

  private async assertLearnerOfOrganisation(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
    if (!(await this.users.learnerBelongsTo(manager, learnerId, auth.organisationId))) {
      throw new DomainError(DomainErrorCode.RuleViolation, 'learnerId does not name a learner of your organisation', {
        errors: [{ field: 'learnerId', message: 'unknown learner' }],
      });
    }
  }
}

/** The learner role and a learner record go together (the DTO already keeps the learner role alone). */
function assertLearnerLink(roles: readonly string[], learnerId: string | null): void {
  if (roles.includes('learner') !== Boolean(learnerId)) {
    throw new DomainError(DomainErrorCode.RuleViolation, 'A learner account needs a learnerId, and only a learner account may have one', {
      errors: [{ field: 'learnerId', message: 'learnerId goes with the learner role, and only with it' }],
    });
  }
}

function emailAlreadyUsed(email: string): DomainError {
  return new DomainError(DomainErrorCode.Conflict, `Your organisation already has a user with email ${email.toLowerCase()}`, {
    errors: [{ field: 'email', message: 'already used in your organisation' }],
  });
}

/** The unique indexes are the guards (even when two admins race); this names the field. */
function accountAlreadyTaken(error: unknown, email = 'this address'): never {
  const pg = postgresError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'app_user_learner_key') {
    throw new DomainError(DomainErrorCode.Conflict, 'This learner record already has a user account', {
      errors: [{ field: 'learnerId', message: 'already linked to another user account' }],
    });
  }
  if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'app_user_organisation_email_key') {
    throw emailAlreadyUsed(email);
  }
  throw error;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
