import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, notFound, ruleViolation } from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  Page,
  postgresError,
  recordAudit,
  toPage,
} from '@project/platform';
import { EntityManager } from 'typeorm';
import {
  CertifierOrganisationDto,
  CertifierProposalDto,
  mapCertifierProposal,
  CreateHabilitationDto,
  HabilitationDto,
  HabilitationQueryDto,
  mapCertifier,
  mapHabilitation,
} from './dto/network.dto';
import { NetworkRepository } from './network.repository';
import { OrganisationsRepository } from './organisations.repository';

const PG_EXCLUSION_VIOLATION = '23P01';

/**
 * Certifier networks: the operator admins name the certifier organisations of a certification; a certifier's admins
 * authorise training centres for one of its certifications over a period (habilitation), and revoke them.
 */
@Injectable()
export class NetworkService {
  constructor(
    private readonly network: NetworkRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  /** Who certifies a certification is public registry data: every signed-in user reads it. */
  async listCertifiers(code: string): Promise<CertifierOrganisationDto[]> {
    return this.network.read(async (manager) => {
      await this.assertCertificationExists(manager, code);
      return (await this.network.listCertifiers(manager, code)).map(mapCertifier);
    });
  }

  /** What the imported sheet proposes: organisations it names as certifiers, for an operator admin to link. */
  async listCertifierProposals(code: string): Promise<CertifierProposalDto[]> {
    return this.network.read(async (manager) => {
      await this.assertCertificationExists(manager, code);
      return (await this.network.listCertifierProposals(manager, code)).map(mapCertifierProposal);
    });
  }

  async linkCertifier(auth: AuthContext, code: string, organisationId: string): Promise<CertifierOrganisationDto[]> {
    return this.network.transaction(async (manager) => {
      await this.assertCertificationExists(manager, code);
      const organisation = await this.organisations.find(manager, organisationId, true);
      if (!organisation || organisation.deactivatedAt) {
        throw ruleViolation('organisationId', `no active organisation ${organisationId} on this platform`);
      }
      if (await this.network.link(manager, code, organisationId, auth.userId)) {
        await recordAudit(manager, auth, {
          action: 'certification.certifier_linked',
          entityType: 'certification',
          entityId: code,
          after: { organisationId },
        });
      }
      return (await this.network.listCertifiers(manager, code)).map(mapCertifier);
    });
  }

  /** A certifier that granted habilitations stays linked: they are the history of who prepared its candidates. */
  async unlinkCertifier(auth: AuthContext, code: string, organisationId: string): Promise<void> {
    await this.network.transaction(async (manager) => {
      await this.assertCertificationExists(manager, code);
      const granted = await this.network.countHabilitationsGranted(manager, code, organisationId);
      if (granted > 0) {
        throw new DomainError(DomainErrorCode.Conflict, `This certifier granted ${granted} habilitation(s) for ${code}: it stays linked`, {
          errors: [{ field: 'organisationId', message: 'the certifier granted habilitations for this certification' }],
        });
      }
      if (!(await this.network.unlink(manager, code, organisationId))) throw notFound(`Certifier ${organisationId} of ${code}`);
      await recordAudit(manager, auth, {
        action: 'certification.certifier_unlinked',
        entityType: 'certification',
        entityId: code,
        before: { organisationId },
      });
    });
  }

  async createHabilitation(auth: AuthContext, dto: CreateHabilitationDto): Promise<HabilitationDto> {
    const validUntil = dto.validUntil ?? null;
    if (validUntil !== null && validUntil < dto.validFrom) throw ruleViolation('validUntil', 'must be on or after validFrom');
    return this.network.transaction(async (manager) => {
      // Locked FOR SHARE: the certifier cannot be unlinked meanwhile.
      if (!(await this.network.certifies(manager, auth.organisationId, dto.certificationCode))) {
        throw ruleViolation(
          'certificationCode',
          `your organisation does not certify ${dto.certificationCode}: it cannot authorise centres for it`,
        );
      }
      const centre = await this.organisations.findBySiret(manager, dto.trainingCentreSiret);
      if (!centre || centre.deactivatedAt) {
        throw ruleViolation('trainingCentreSiret', `no active organisation with SIRET ${dto.trainingCentreSiret} on this platform`);
      }
      if (centre.id === auth.organisationId)
        throw ruleViolation('trainingCentreSiret', 'a certifier needs no habilitation for its own certification');
      const row = await this.network
        .insertHabilitation(manager, {
          certificationCode: dto.certificationCode,
          certifierId: auth.organisationId,
          trainingCentreId: centre.id,
          validFrom: dto.validFrom,
          validUntil,
          createdBy: auth.userId,
        })
        .catch((error: unknown) => {
          if (postgresError(error)?.code === PG_EXCLUSION_VIOLATION) {
            throw new DomainError(
              DomainErrorCode.Conflict,
              `${centre.name} already holds a habilitation for ${dto.certificationCode} over part of this period`,
              {
                errors: [{ field: 'validFrom', message: 'the period overlaps a live habilitation of this centre for this certification' }],
              },
            );
          }
          throw error;
        });
      const habilitation = mapHabilitation(row);
      await recordAudit(manager, auth, {
        action: 'habilitation.granted',
        entityType: 'habilitation',
        entityId: row.id,
        after: habilitation,
      });
      return habilitation;
    });
  }

  /** Only the certifier that granted it revokes a habilitation; the centre holding it reads it (403 to revoke). */
  async revokeHabilitation(auth: AuthContext, id: string): Promise<HabilitationDto> {
    return this.network.transaction(async (manager) => {
      const current = await this.network.findHabilitation(manager, id, true);
      if (!current || (current.certifierId !== auth.organisationId && current.trainingCentreId !== auth.organisationId)) {
        throw notFound(`Habilitation ${id}`);
      }
      if (current.certifierId !== auth.organisationId) {
        throw new DomainError(DomainErrorCode.Forbidden, 'Only the certifier that granted a habilitation revokes it');
      }
      if (current.revokedAt) return mapHabilitation(current);
      await this.network.revokeHabilitation(manager, id, auth.userId);
      const after = mapHabilitation((await this.network.findHabilitation(manager, id))!);
      await recordAudit(manager, auth, {
        action: 'habilitation.revoked',
        entityType: 'habilitation',
        entityId: id,
        before: mapHabilitation(current),
        after,
      });
      return after;
    });
  }

  /** The habilitations the caller's organisation granted or holds. */
  async listHabilitations(auth: AuthContext, query: HabilitationQueryDto): Promise<Page<HabilitationDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [CursorPart.text, CursorPart.date, CursorPart.uuid]);
    const rows = await this.network.listHabilitations(auth.organisationId, query.certificationCode, limit, after);
    return toPage(rows, limit, (row) => [row.certificationCode, row.validFrom, row.id], mapHabilitation);
  }

  private async assertCertificationExists(manager: EntityManager, code: string): Promise<void> {
    if (!(await this.network.certificationExists(manager, code))) throw notFound(`Certification ${code}`);
  }
}
