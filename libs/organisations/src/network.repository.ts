import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { CertifierProposalRow, CertifierRow, HabilitationRow } from './rows';

const HABILITATION_COLUMNS = `h.id, h.certification_code AS "certificationCode", h.certifier_id AS "certifierId", c.name AS "certifierName",
  h.training_centre_id AS "trainingCentreId", t.name AS "trainingCentreName", t.siret AS "trainingCentreSiret",
  to_char(h.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(h.valid_until, 'YYYY-MM-DD') AS "validUntil", h.revoked_at AS "revokedAt",
  h.created_at AS "createdAt"`;
const HABILITATION_FROM = `habilitation h JOIN organisation c ON c.id = h.certifier_id JOIN organisation t ON t.id = h.training_centre_id`;

/** Every SQL statement about certifier links and habilitations (the network). */
@Injectable()
export class NetworkRepository extends SqlRepository {
  async certificationExists(manager: EntityManager, code: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM certification WHERE code = $1`, [code])).length > 0;
  }

  async listCertifiers(manager: EntityManager, code: string): Promise<CertifierRow[]> {
    return manager.query(
      `SELECT o.id AS "organisationId", o.name, o.siret, cc.created_at AS "linkedAt"
       FROM certification_certifier cc JOIN organisation o ON o.id = cc.organisation_id
       WHERE cc.certification_code = $1 ORDER BY o.name, o.id`,
      [code],
    );
  }

  /**
   * The active organisations the sheet names as certifiers (certification.certifiers, as the RNCP import wrote it):
   * by SIRET when the sheet gives one, else by name (case and surrounding spaces aside); those linked already left out.
   */
  async listCertifierProposals(manager: EntityManager, code: string): Promise<CertifierProposalRow[]> {
    return manager.query(
      `SELECT DISTINCT ON (o.id) o.id AS "organisationId", o.name, o.siret, s.name AS "sheetName",
              CASE WHEN s.siret IS NOT NULL THEN 'siret' ELSE 'name' END AS "matchedBy"
       FROM certification c
       CROSS JOIN LATERAL jsonb_to_recordset(c.certifiers) AS s(name text, siret text)
       JOIN organisation o ON o.deactivated_at IS NULL
         AND (o.siret = s.siret OR (s.siret IS NULL AND lower(trim(o.name)) = lower(trim(s.name))))
       WHERE c.code = $1
         AND NOT EXISTS (SELECT 1 FROM certification_certifier cc WHERE cc.certification_code = c.code AND cc.organisation_id = o.id)
       ORDER BY o.id, "matchedBy" DESC`,
      [code],
    );
  }

  async certifies(manager: EntityManager, organisationId: string, code: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM certification_certifier WHERE certification_code = $1 AND organisation_id = $2 FOR SHARE`,
      [code, organisationId],
    );
    return rows.length > 0;
  }

  /** Answers whether the link is new. */
  async link(manager: EntityManager, code: string, organisationId: string, userId: string): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO certification_certifier (certification_code, organisation_id, created_by) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [code, organisationId, userId],
    );
    return rows.length > 0;
  }

  async countHabilitationsGranted(manager: EntityManager, code: string, certifierId: string): Promise<number> {
    const rows = await manager.query(`SELECT count(*)::int AS n FROM habilitation WHERE certification_code = $1 AND certifier_id = $2`, [
      code,
      certifierId,
    ]);
    return rows[0].n;
  }

  /** Answers whether a link was there. */
  async unlink(manager: EntityManager, code: string, organisationId: string): Promise<boolean> {
    const [, count] = (await manager.query(`DELETE FROM certification_certifier WHERE certification_code = $1 AND organisation_id = $2`, [
      code,
      organisationId,
    ])) as [unknown, number];
    return count > 0;
  }

  async insertHabilitation(
    manager: EntityManager,
    habilitation: {
      certificationCode: string;
      certifierId: string;
      trainingCentreId: string;
      validFrom: string;
      validUntil: string | null;
      createdBy: string;
    },
  ): Promise<HabilitationRow> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO habilitation (certification_code, certifier_id, training_centre_id, valid_from, valid_until, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        habilitation.certificationCode,
        habilitation.certifierId,
        habilitation.trainingCentreId,
        habilitation.validFrom,
        habilitation.validUntil,
        habilitation.createdBy,
      ],
    );
    return (await this.findHabilitation(manager, rows[0].id))!;
  }

  async findHabilitation(manager: EntityManager, id: string, lock = false): Promise<HabilitationRow | undefined> {
    const rows: HabilitationRow[] = await manager.query(
      `SELECT ${HABILITATION_COLUMNS} FROM ${HABILITATION_FROM} WHERE h.id = $1 ${lock ? 'FOR UPDATE OF h' : ''}`,
      [id],
    );
    return rows[0];
  }

  async revokeHabilitation(manager: EntityManager, id: string, userId: string): Promise<void> {
    await manager.query(`UPDATE habilitation SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, userId]);
  }

  /** The habilitations the organisation granted (as certifier) or holds (as centre), by (certification, start, id). */
  async listHabilitations(
    organisationId: string,
    certificationCode: string | undefined,
    limit: number,
    after: [string, string, string] | undefined,
  ): Promise<HabilitationRow[]> {
    return this.dataSource.query(
      `SELECT ${HABILITATION_COLUMNS} FROM ${HABILITATION_FROM}
       WHERE (h.certifier_id = $1 OR h.training_centre_id = $1) AND ($2::text IS NULL OR h.certification_code = $2)
         AND ($3::text IS NULL OR (h.certification_code, h.valid_from, h.id) > ($3, $4::date, $5::uuid))
       ORDER BY h.certification_code, h.valid_from, h.id LIMIT $6`,
      [organisationId, certificationCode ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
    );
  }
}
