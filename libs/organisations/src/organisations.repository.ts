import { Injectable } from '@nestjs/common';
import { OrganisationKind } from '@project/domain';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { InvitationRow, OrganisationRow } from './rows';

export const ORGANISATION_COLUMNS = `o.id, o.name, o.kind, o.siret, o.uai, o.time_zone AS "timeZone", o.manages_catalogue AS operator, o.created_at AS "createdAt",
  o.deactivated_at AS "deactivatedAt"`;
const INVITATION_COLUMNS = `i.id, i.organisation_id AS "organisationId", i.email, i.display_name AS "displayName", i.expires_at AS "expiresAt",
  i.accepted_at AS "acceptedAt", i.created_at AS "createdAt"`;

/** Every SQL statement about organisations and their invitations. */
@Injectable()
export class OrganisationsRepository extends SqlRepository {
  async insert(
    manager: EntityManager,
    organisation: { name: string; kind: OrganisationKind; siret: string; uai: string | null; timeZone: string },
  ): Promise<OrganisationRow> {
    const rows: OrganisationRow[] = await manager.query(
      `INSERT INTO organisation AS o (name, kind, siret, uai, time_zone) VALUES ($1, $2, $3, $4, $5) RETURNING ${ORGANISATION_COLUMNS}`,
      [organisation.name, organisation.kind, organisation.siret, organisation.uai, organisation.timeZone],
    );
    return rows[0];
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<OrganisationRow | undefined> {
    const rows: OrganisationRow[] = await manager.query(
      `SELECT ${ORGANISATION_COLUMNS} FROM organisation o WHERE o.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async findBySiret(manager: EntityManager, siret: string): Promise<OrganisationRow | undefined> {
    const rows: OrganisationRow[] = await manager.query(`SELECT ${ORGANISATION_COLUMNS} FROM organisation o WHERE o.siret = $1`, [siret]);
    return rows[0];
  }

  /** Every organisation in (name, id) order. */
  async list(limit: number, after: [string, string] | undefined): Promise<OrganisationRow[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION_COLUMNS} FROM organisation o
       WHERE $1::text IS NULL OR (o.name, o.id) > ($1, $2::uuid)
       ORDER BY o.name, o.id LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async deactivate(manager: EntityManager, id: string): Promise<OrganisationRow> {
    const [rows] = (await manager.query(
      `UPDATE organisation o SET deactivated_at = coalesce(deactivated_at, now()) WHERE o.id = $1 RETURNING ${ORGANISATION_COLUMNS}`,
      [id],
    )) as [OrganisationRow[], number];
    return rows[0];
  }

  async insertInvitation(
    manager: EntityManager,
    invitation: { organisationId: string; email: string; displayName: string; tokenHash: string; expiresAt: Date; createdBy: string },
  ): Promise<InvitationRow> {
    const rows: InvitationRow[] = await manager.query(
      `INSERT INTO organisation_invitation AS i (organisation_id, email, display_name, token_hash, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${INVITATION_COLUMNS}`,
      [
        invitation.organisationId,
        invitation.email.toLowerCase(),
        invitation.displayName,
        invitation.tokenHash,
        invitation.expiresAt,
        invitation.createdBy,
      ],
    );
    return rows[0];
  }

  /** The invitation of this token hash, locked: two acceptances of one token queue up, the second sees it used. */
  async findInvitationByTokenHash(manager: EntityManager, tokenHash: string): Promise<InvitationRow | undefined> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT ${INVITATION_COLUMNS} FROM organisation_invitation i WHERE i.token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return rows[0];
  }

  async markInvitationAccepted(manager: EntityManager, id: string, userId: string): Promise<void> {
    await manager.query(`UPDATE organisation_invitation SET accepted_at = now(), accepted_user_id = $2 WHERE id = $1`, [id, userId]);
  }
}
