import { OrganisationKind } from '@project/domain';

/**
 * The rows of the tables this library owns (organisation, organisation_invitation, certification_certifier,
 * habilitation), as its repositories answer them: declared once, camelCase.
 */
export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  siret: string | null;
  uai: string | null;
  timeZone: string;
  /** The operator's organisation (manages_catalogue): its admins are the operator admins. */
  operator: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
}

export interface InvitationRow {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
}

export interface CertifierRow {
  organisationId: string;
  name: string;
  siret: string | null;
  linkedAt: Date;
}

export interface HabilitationRow {
  id: string;
  certificationCode: string;
  certifierId: string;
  certifierName: string;
  trainingCentreId: string;
  trainingCentreName: string;
  trainingCentreSiret: string | null;
  /** ISO dates, both included; validUntil null: open-ended. */
  validFrom: string;
  validUntil: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/** An organisation of the platform that the certification's sheet names as certifier (by SIRET, else by name), not linked yet. */
export interface CertifierProposalRow {
  organisationId: string;
  name: string;
  siret: string | null;
  sheetName: string;
  matchedBy: 'siret' | 'name';
}
