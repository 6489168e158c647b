import PDFDocument from 'pdfkit';
import { JuryDecisionRow } from './dto/jury-decision.dto';

// A Unicode font: the PDF standard fonts only cover Western European letters, and names must print exactly.
const UNICODE_FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** How the minutes count as signed: by every present member, or by the session's president alone. */
export const SIGNATURE_POLICIES = ['all_present', 'president'] as const;
export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number];

/** A member as the minutes record them: listed when the session was set up, or a replacement who sat on the day. */
export interface MinutesMember {
  id: string;
  fullName: string;
  role: string;
  external: boolean;
  userId: string | null;
  /** Presides the jury (at most one); signs alone when the session's policy is `president`. */
  president: boolean;
  /** Sat on the jury. Until presence is recorded, every listed member counts as present. */
  present: boolean;
  /** False for a replacement added on the day. */
  listed: boolean;
  /** The listed member a replacement stands in for, if any. */
  replacesMemberName: string | null;
}

/**
 * The procès-verbal of a jury session: built from its decisions, frozen in its first version when the session
 * closes (a correction made later by another session adds a version, never edits one).
 */
export interface JuryMinutes {
  /** The organisation holding the jury (a certifier for its network, or a training centre). */
  organisation: { id: string; name: string; timeZone: string };
  certification: { code: string; title: string; level: number | null; certifiers: string[] };
  session: {
    id: string;
    certificationCode: string;
    certificationTitle: string;
    heldOn: string;
    place: string | null;
    closedAt: string | null;
    /** False: presence was not recorded, the listed members count as present (and the minutes say so). */
    presenceRecorded: boolean;
    signaturePolicy: SignaturePolicy;
  };
  members: MinutesMember[];
  candidates: {
    enrolmentId: string;
    learnerId: string;
    firstNames: string;
    lastName: string;
    birthDate: string | null;
    accessRoute: string;
    cohortId: string | null;
    /** The organisation that trained the candidate: the session's, or a partner centre of its certifier. */
    trainingCentreId: string;
    trainingCentreName: string;
    /** A decision as recorded, less what the candidate and the session already say. */
    decisions: (Omit<JuryDecisionRow, 'jurySessionId' | 'enrolmentId' | 'learnerId' | 'supersededByDecisionId'> & {
      /** Who entered it; when that user does not sit on the jury, it was entered on the members' behalf. */
      enteredByName: string | null;
    })[];
  }[];
  summary: {
    candidates: number;
    decisions: number;
    blocksValidated: number;
    awarded: number;
    refused: number;
    departures: number;
    corrections: number;
    /** Decisions entered by someone who does not sit on the jury (its secretary, an admin), on the members' behalf. */
    enteredOnBehalfOfJury: number;
  };
  /**
   * Later corrections of this session's decisions, by other sessions (from version 2 on): the decision corrected,
   * the new one, the correcting session's date and the reason.
   */
  rectifications: {
    decisionId: string;
    lastName: string;
    firstNames: string;
    blockCode: string | null;
    decision: string;
    correctedDecision: string;
    correctedOn: string;
    correctingSessionId: string;
    reason: string;
  }[];
  /** The version of the closed minutes (1 at closing); null while the session is open. */
  version: number | null;
  /** True while the session is open: what the minutes would say if it closed now. */
  draft: boolean;
}

/** An electronic signature of one version of the closed minutes. */
export interface MinutesSignature {
  memberId: string;
  fullName: string;
  role: string;
  president: boolean;
  signedAt: string;
  /** SHA-256 (hex) of the closed minutes' PDF of that version, as downloaded. */
  sha256: string;
}

// The minutes are a French legal document: decisions, proposals and routes in the words of the sheets.
const DECISION_LABELS: Record<string, string> = {
  validated: 'validé',
  not_validated: 'non validé',
  deferred: 'ajourné',
  awarded: 'certification délivrée',
  refused: 'certification refusée',
};
const PROPOSAL_LABELS: Record<string, string> = { acquired: 'acquis', not_acquired: 'non acquis', incomplete: 'incomplet' };
const ROUTE_LABELS: Record<string, string> = {
  student: 'élève ou étudiant',
  apprenticeship: "contrat d'apprentissage",
  continuing_education: 'formation continue',
  professionalisation_contract: 'contrat de professionnalisation',
  individual_application: 'candidature individuelle',
  vae: 'VAE',
};
const label = (labels: Record<string, string>, value: string | null) => (value === null ? '—' : (labels[value] ?? value));

const ROLE_LABELS: Record<string, string> = {
  external_professional: 'Professionnel extérieur',
  certifier_management: 'Direction du certificateur',
  pedagogical_lead: 'Responsable pédagogique',
  national_certification_lead: 'Responsable national de la certification',
  other: 'Autre',
};

/** The members decide; someone outside the jury only enters their decision, and the minutes say so. */
export function enteredOnBehalfLine(enteredByName: string | null): string {
  return `Décision du jury saisie pour son compte par ${enteredByName ?? 'un utilisateur supprimé'}, qui n'en est pas membre`;
}

/** Where the signing of closed minutes stands: filled into the signature block of the document to read. */
export interface MinutesSigning {
  version: number;
  sha256: string;
  signatures: MinutesSignature[];
  signed: boolean;
  expectedSigners: { fullName: string; role: string }[];
}

/** A printable procès-verbal with a signature line per member, for the president to sign. */
export function renderMinutesPdf(minutes: JuryMinutes, signing: MinutesSigning | null): Promise<Buffer> {
  void signing;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      font: UNICODE_FONT,
      info: { Title: `Procès-verbal ${minutes.session.certificationCode} ${minutes.session.heldOn}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const { session } = minutes;
    doc.fontSize(16).text('Procès-verbal de jury de certification', { align: 'center' });
    if (minutes.draft) doc.fontSize(10).fillColor('red').text('PROJET — session non close', { align: 'center' }).fillColor('black');
    doc.moveDown();
    doc.fontSize(11).text(`${session.certificationCode} — ${session.certificationTitle}`);
    doc.text(
      `Session tenue le ${session.heldOn}${session.closedAt ? `, close le ${session.closedAt.slice(0, 16).replace('T', ' à ')} UTC` : ''}`,
    );
    doc.text(`Référence de session : ${session.id}`);
    doc.moveDown();

    doc.fontSize(13).text('Composition du jury');
    doc.fontSize(10);
    for (const member of minutes.members) {
      doc.text(`• ${member.fullName} — ${ROLE_LABELS[member.role] ?? member.role}${member.external ? ' (extérieur)' : ''}`);
    }
    doc.moveDown();

    doc.fontSize(13).text('Décisions');
    for (const candidate of minutes.candidates) {
      doc
        .moveDown(0.5)
        .fontSize(11)
        .text(
          `${candidate.lastName} ${candidate.firstNames}${candidate.birthDate ? `, né(e) le ${candidate.birthDate}` : ''} — voie : ${label(ROUTE_LABELS, candidate.accessRoute)}`,
        );
      doc.fontSize(9);
      for (const d of candidate.decisions) {
        const what = d.blockCode ?? 'Certification';
        const mark = d.mark !== null ? `, note ${d.mark}/20` : '';
        doc.text(`   ${what} : ${label(DECISION_LABELS, d.decision)} (proposition : ${label(PROPOSAL_LABELS, d.proposal)}${mark})`);
        if (d.rationale) doc.text(`      Motivation : ${d.rationale}`);
        if (d.supersedesDecisionId) doc.text(`      Rectifie la décision ${d.supersedesDecisionId} : ${d.correctionReason ?? ''}`);
        if (d.enteredOnBehalfOfJury) doc.text(`      ${enteredOnBehalfLine(d.enteredByName)}`);
      }
    }
    doc.moveDown();
    const s = minutes.summary;
    doc
      .fontSize(10)
      .text(
        `${s.candidates} candidat(s), ${s.decisions} décision(s) : ${s.blocksValidated} bloc(s) validé(s), ${s.awarded} certification(s) délivrée(s), ${s.refused} refus, ${s.departures} écart(s) motivé(s) à la proposition, ${s.corrections} rectification(s)${s.enteredOnBehalfOfJury > 0 ? `, ${s.enteredOnBehalfOfJury} décision(s) saisie(s) pour le compte du jury` : ''}.`,
      );
    doc.moveDown(2);

    doc.fontSize(12).text('Signatures');
    doc.fontSize(10);
    for (const member of minutes.members) {
      doc.moveDown();
      doc.text(`${member.fullName} (${ROLE_LABELS[member.role] ?? member.role})`);
      doc.text('Signature : ______________________________');
    }
    doc.moveDown();
    doc.text('Le président du jury : ______________________________');
    doc.end();
  });
}
