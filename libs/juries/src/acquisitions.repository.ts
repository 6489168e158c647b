import { Injectable } from '@nestjs/common';
import { BlockEquivalence, HeldAcquisition, PersonIdentity } from '@project/domain';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { AcquisitionDto } from './dto/acquisition.dto';

const TS = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ACQUISITION_COLUMNS = `a.id, a.learner_id AS "learnerId", a.block_code AS "blockCode", to_char(a.acquired_on, 'YYYY-MM-DD') AS "acquiredOn",
  a.source, a.evidence_reference AS "evidenceReference", a.awarding_certifier AS "awardingCertifier",
  a.derived_from_acquisition_id AS "derivedFromAcquisitionId", a.jury_decision_id AS "juryDecisionId", a.credential_id AS "credentialId",
  (SELECT ic.organisation_id FROM issued_credential ic WHERE ic.id = a.credential_id) AS "credentialIssuerId",
  (SELECT ${TS('ic.revoked_at')} FROM issued_credential ic WHERE ic.id = a.credential_id) AS "credentialRevokedAt",
  ${TS('a.revoked_at')} AS "revokedAt", a.revoked_by_decision_id AS "revokedByDecisionId", a.revocation_reason AS "revocationReason"`;

/** A live block recorded from an attestation its issuer has revoked. */
export interface AcquisitionFromRevokedCredential {
  id: string;
  organisationId: string;
  learnerId: string;
  blockCode: string;
  /** Its attestation is among those just revoked (else: revoked before, the block kept for an award). */
  justRevoked: boolean;
  credentialReference: string;
  credentialRevokedOn: string;
  credentialRevocationReason: string | null;
}

export interface NewPriorAcquisition {
  blockCode: string;
  acquiredOn: string;
  source: 'equivalence' | 'vae' | 'external';
  evidenceReference: string | null;
  awardingCertifier: string | null;
  derivedFromAcquisitionId: string | null;
  /** Recorded from the learner's attestation (blocks follow the person). */
  credentialId?: string;
}

/** SQL of blocks acquired outside this platform's juries (VAE, elsewhere, equivalences): rules 3 and 8. */
@Injectable()
export class AcquisitionsRepository extends SqlRepository {
  /** A block of the catalogue, or one of a replaced sheet that an equivalence names. */
  async blockIsKnown(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM block WHERE code = $1 UNION ALL SELECT 1 FROM block_equivalence WHERE from_block_code = $1 LIMIT 1`,
      [code],
    );
    return rows.length > 0;
  }

  async insertAcquisition(
    manager: EntityManager,
    organisationId: string,
    learnerId: string,
    a: NewPriorAcquisition,
    createdBy: string,
  ): Promise<AcquisitionDto> {
    const rows = await manager.query(
      `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, evidence_reference, awarding_certifier,
          derived_from_acquisition_id, created_by, credential_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        organisationId,
        learnerId,
        a.blockCode,
        a.acquiredOn,
        a.source,
        a.evidenceReference,
        a.awardingCertifier,
        a.derivedFromAcquisitionId,
        createdBy,
        a.credentialId ?? null,
      ],
    );
    const found = await manager.query(`SELECT ${ACQUISITION_COLUMNS} FROM block_acquisition a WHERE a.id = $1`, [rows[0].id]);
    return found[0];
  }

  /**
   * What an equivalence from fromBlockCode is checked against: the learner's acquisitions (revoked ones
   * flagged), the equivalences they lead through, and those declared from fromBlockCode.
   */
  async heldAndEquivalences(
    manager: EntityManager,
    learnerId: string,
    fromBlockCode: string,
  ): Promise<{ acquisitions: HeldAcquisition[]; equivalences: BlockEquivalence[] }> {
    // FOR SHARE: a correction revoking the origin waits for this equivalence, then revokes it too.
    const acquisitions = await manager.query(
      `SELECT id, block_code AS "blockCode", to_char(acquired_on, 'YYYY-MM-DD') AS "acquiredOn", source, revoked_at IS NOT NULL AS revoked
       FROM block_acquisition WHERE learner_id = $1 FOR SHARE`,
      [learnerId],
    );
    const equivalences = await manager.query(
      `SELECT DISTINCT q.from_block_code AS "fromBlockCode", q.to_block_code AS "toBlockCode"
       FROM equivalence_closure(ARRAY(SELECT block_code FROM block_acquisition WHERE learner_id = $1) || $2::text) c
       JOIN block_equivalence q ON q.from_block_code = c.block_code`,
      [learnerId, fromBlockCode],
    );
    return { acquisitions, equivalences };
  }

  /** Who the learner is, as this organisation recorded them: compared with an attestation's holder. */
  async learnerIdentity(manager: EntityManager, learnerId: string): Promise<PersonIdentity> {
    const rows = await manager.query(
      `SELECT first_names AS "firstNames", last_name AS "lastName", birth_name AS "birthName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
       FROM learner WHERE id = $1`,
      [learnerId],
    );
    return rows[0];
  }

  /**
   * The live blocks recorded from revoked attestations: from those just revoked, and any earlier one of the learners
   * named (an award of theirs just taken back may have been what kept it). Locked until the caller withdraws them.
   */
  async liveFromRevokedCredentials(
    manager: EntityManager,
    credentialIds: string[],
    learnerIds: string[],
  ): Promise<AcquisitionFromRevokedCredential[]> {
    return manager.query(
      `SELECT a.id, a.organisation_id AS "organisationId", a.learner_id AS "learnerId", a.block_code AS "blockCode",
              a.credential_id = ANY($1::uuid[]) AS "justRevoked", ic.reference AS "credentialReference",
              to_char(ic.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "credentialRevokedOn", ic.revocation_reason AS "credentialRevocationReason"
       FROM block_acquisition a JOIN issued_credential ic ON ic.id = a.credential_id
       WHERE a.revoked_at IS NULL AND ic.revoked_at IS NOT NULL AND (a.credential_id = ANY($1::uuid[]) OR a.learner_id = ANY($2::uuid[]))
       ORDER BY a.id
       FOR UPDATE OF a`,
      [credentialIds, learnerIds],
    );
  }

  /**
   * Withdraws a block (kept, dated, with the reason) and the equivalences that followed from it. The caller locked it
   * first, so this statement also sees an equivalence committed meanwhile.
   */
  async withdraw(manager: EntityManager, acquisitionId: string, reason: string): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await manager.query(
      `WITH RECURSIVE chain(id) AS (
         SELECT $1::uuid
         UNION SELECT a.id FROM block_acquisition a JOIN chain c ON a.derived_from_acquisition_id = c.id)
       UPDATE block_acquisition SET revoked_at = now(), revocation_reason = $2
       WHERE id IN (SELECT id FROM chain) AND revoked_at IS NULL RETURNING id`,
      [acquisitionId, reason],
    );
    return rows.map((row) => row.id);
  }

  /** Every acquisition of the learner, revoked ones included: the record stays visible. */
  async listAcquisitions(learnerId: string): Promise<AcquisitionDto[]> {
    return this.dataSource.query(
      `SELECT ${ACQUISITION_COLUMNS} FROM block_acquisition a WHERE a.learner_id = $1 ORDER BY a.acquired_on, a.block_code, a.created_at`,
      [learnerId],
    );
  }
}
