import { AccessRoute, DeclarationState, IdentityFieldForDeclaration, NatureDeposant, Sex } from '@project/domain';

/**
 * The rows of the tables this library owns (cpf_certifier_settings, cpf_certification_settings, cpf_declaration_file,
 * cpf_declaration_file_chunk, cpf_declaration_passage), and of its read models, as its repository answers them:
 * declared once, camelCase.
 */
export interface CertifierSettingsRow {
  cdcClientId: string | null;
  cdcContractId: string | null;
  certifications: { certificationCode: string; natureDeposant: NatureDeposant }[];
}

export interface DeclarationFileRow {
  id: string;
  idFlux: string;
  generatedAt: Date;
  certificationCode: string | null;
  awardedFrom: string | null;
  awardedTo: string | null;
  passageCount: number;
  byteSize: string | null;
  sha256: string | null;
  xsd: string;
  reportAppliedAt: Date | null;
  /** Passages per state. */
  states: Record<'sent' | 'accepted' | 'rejected', number>;
}

/** One passage as the file writes it: the award and its holder's civil identity. */
export interface PassageSourceRow {
  idTechnique: string;
  certificationCode: string;
  awardedOn: string;
  accessRoute: AccessRoute;
  lastName: string;
  birthName: string | null;
  usageName: string | null;
  givenNames: string[];
  birthDate: string;
  sex: Sex;
  birthCommuneCode: string | null;
  birthPostalCode: string | null;
  birthCommune: string | null;
  birthCountryCode: string | null;
  birthCountry: string | null;
  credentialId: string | null;
}

/** An award and where it stands with the CDC (the status read model). */
export interface AwardDeclarationRow {
  awardDecisionId: string;
  learnerId: string;
  firstNames: string;
  lastName: string;
  certificationCode: string;
  awardedOn: string;
  deadline: string;
  daysLeft: number;
  state: DeclarationState;
  missing: IdentityFieldForDeclaration[];
  idTechnique: string | null;
  fileId: string | null;
  messages: string[];
  settled: boolean;
}

/** A file just created, with what its statement counted on the way. */
export interface CreatedFileRow {
  id: string;
  idFlux: string;
  generatedAt: Date;
  passageCount: number;
  toDeclare: number;
  notDeclarable: number;
  /** Certifications of the chosen awards with no natureDeposant set. */
  certificationsWithoutNature: string[];
}

/** Why nothing (or not everything) could be declared, counted. */
export interface DeclarationSummaryRow {
  toDeclare: number;
  notDeclarable: number;
  declared: number;
  accepted: number;
  rejected: number;
  withdrawn: number;
  missing: Record<IdentityFieldForDeclaration, number>;
}
