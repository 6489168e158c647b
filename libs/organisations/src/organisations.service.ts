import { Injectable } from '@nestjs/common';
import { hashPassword, insertAccount, revokeOrganisationSessions } from '@project/auth';
import { DomainError, DomainErrorCode, notFound, ruleViolation } from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  Page,
  PageQueryDto,
  PG_UNIQUE_VIOLATION,
  passwordWeakness,
  postgresError,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreatedOrganisationDto,
  CreateInvitationDto,
  CreateOrganisationDto,
  InvitationDto,
  mapInvitation,
  mapOrganisation,
  OrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsRepository } from './organisations.repository';

/** How long an invitation can be accepted: a week, then the operator issues a new one. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Organisations and their first admins. Only the operator admins (guarded at the route) create, list and deactivate
 * organisations; an organisation's first admin is invited: a random token, shown once, whose hash alone is kept, that
 * sets a password once before it expires. No password ever travels in clear.
 */
@Injectable()
export class OrganisationsService {
  constructor(private readonly organisations: OrganisationsRepository) {}

  async create(auth: AuthContext, dto: CreateOrganisationDto): Promise<CreatedOrganisationDto> {
    return this.organisations.transaction(async (manager) => {
      const row = await this.organisations
        .insert(manager, {
          name: dto.name,
          kind: dto.kind,
          siret: dto.siret,
          uai: dto.uai ?? null,
          timeZone: dto.timeZone ?? 'Europe/Paris',
        })
        .catch((error: unknown) => {
          const pg = postgresError(error);
          if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'organisation_siret_key') {
            throw new DomainError(DomainErrorCode.Conflict, `An organisation with SIRET ${dto.siret} already exists`, {
              errors: [{ field: 'siret', message: 'already the SIRET of an organisation' }],
            });
          }
          throw error;
        });
      const organisation = mapOrganisation(row);
      await recordAudit(manager, auth, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: row.id,
        after: organisation,
      });
      const invitation = await this.issueInvitation(manager, auth, row.id, { email: dto.adminEmail, displayName: dto.adminDisplayName });
      return { organisation, invitation };
    });
  }

  async list(query: PageQueryDto): Promise<Page<OrganisationDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.text, CursorPart.uuid]);
    const rows = await this.organisations.list(limit, after);
    return toPage(rows, limit, (row) => [row.name, row.id], mapOrganisation);
  }

  /** An organisation reads its own record; the operator admins read any (others: 404, as if it did not exist). */
  async get(auth: AuthContext, id: string): Promise<OrganisationDto> {
    return this.organisations.read(async (manager) => {
      const row = await this.organisations.find(manager, id);
      if (!row || (row.id !== auth.organisationId && !(await this.isOperatorAdmin(manager, auth)))) throw notFound(`Organisation ${id}`);
      return mapOrganisation(row);
    });
  }

  /** Its people can no longer sign in and their sessions end; its data stays (audit, juries, credentials). */
  async deactivate(auth: AuthContext, id: string): Promise<OrganisationDto> {
    return this.organisations.transaction(async (manager) => {
      const current = await this.organisations.find(manager, id, true);
      if (!current) throw notFound(`Organisation ${id}`);
      if (current.operator) throw ruleViolation('id', "the operator's organisation runs the platform: it cannot be deactivated");
      if (current.deactivatedAt) return mapOrganisation(current);
      const row = await this.organisations.deactivate(manager, id);
      await revokeOrganisationSessions(manager, id);
      const after = mapOrganisation(row);
      await recordAudit(manager, auth, {
        action: 'organisation.deactivated',
        entityType: 'organisation',
        entityId: id,
        before: mapOrganisation(current),
        after,
      });
      return after;
    });
  }

  /** A new invitation for an admin of the organisation (the first one expired, or another admin). */
  async invite(auth: AuthContext, organisationId: string, dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.organisations.transaction(async (manager) => {
      const organisation = await this.organisations.find(manager, organisationId, true);
      if (!organisation) throw notFound(`Organisation ${organisationId}`);
      if (organisation.deactivatedAt) throw ruleViolation('organisationId', 'the organisation is deactivated');
      return this.issueInvitation(manager, auth, organisationId, dto);
    });
  }

  /** Sets the invited admin's password: once, before the invitation expires. */
  async accept(dto: AcceptInvitationDto): Promise<AcceptedInvitationDto> {
    return this.organisations.transaction(async (manager) => {
      const invitation = await this.organisations.findInvitationByTokenHash(manager, sha256(dto.token));
      if (!invitation) throw notFound('Invitation');
      if (invitation.acceptedAt) {
        throw new DomainError(DomainErrorCode.InvitationUsed, 'This invitation was already accepted: sign in with the password set then');
      }
      if (invitation.expiresAt.getTime() <= Date.now()) {
        throw new DomainError(
          DomainErrorCode.InvitationExpired,
          `This invitation expired on ${invitation.expiresAt.toISOString()}: ask for a new one`,
        );
      }
      const organisation = await this.organisations.find(manager, invitation.organisationId);
      if (organisation?.deactivatedAt) throw new DomainError(DomainErrorCode.InvitationExpired, 'The organisation was deactivated');
      const weakness = passwordWeakness(dto.password, [invitation.email, invitation.displayName]);
      if (weakness) throw validationProblem('password', `password ${weakness}`);
      const user = await insertAccount(manager, {
        organisationId: invitation.organisationId,
        email: invitation.email,
        passwordHash: await hashPassword(dto.password),
        displayName: invitation.displayName,
        roles: ['admin'],
        learnerId: null,
      }).catch((error: unknown) => {
        if (postgresError(error)?.code === PG_UNIQUE_VIOLATION) {
          throw new DomainError(DomainErrorCode.Conflict, `The organisation already has an account for ${invitation.email}`);
        }
        throw error;
      });
      await this.organisations.markInvitationAccepted(manager, invitation.id, user.id);
      const actor = { organisationId: invitation.organisationId, userId: user.id };
      await recordAudit(manager, actor, [
        { action: 'invitation.accepted', entityType: 'invitation', entityId: invitation.id },
        {
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          after: { email: user.email, roles: user.roles, by: 'invitation' },
        },
      ]);
      return { userId: user.id, organisationId: user.organisationId, email: user.email };
    });
  }

  private async issueInvitation(
    manager: EntityManager,
    auth: AuthContext,
    organisationId: string,
    invitee: { email: string; displayName: string },
  ): Promise<InvitationDto> {
    const token = randomBytes(32).toString('base64url');
    const row = await this.organisations.insertInvitation(manager, {
      organisationId,
      email: invitee.email,
      displayName: invitee.displayName,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      createdBy: auth.userId,
    });
    // The audit trail never holds the token.
    const { token: _, ...recorded } = mapInvitation(row, token);
    await recordAudit(manager, auth, { action: 'invitation.issued', entityType: 'invitation', entityId: row.id, after: recorded });
    return mapInvitation(row, token);
  }

  private async isOperatorAdmin(manager: EntityManager, auth: AuthContext): Promise<boolean> {
    if (!auth.roles.includes('admin')) return false;
    return (await this.organisations.find(manager, auth.organisationId))?.operator === true;
  }
}
