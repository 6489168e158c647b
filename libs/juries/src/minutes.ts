import PDFDocument from 'pdfkit';
import { expectedSigners, SignaturePolicy } from '@project/domain';
import { JuryDecisionRow } from './dto/jury-decision.dto';
import { frenchDate, frenchDateTime, frenchDecimal } from '@project/platform';
import { Cell, decoratePages, GREY, INK, marginText, PageFlow, registerFonts, RULE, Run, SHADE, Table } from './minutes-pdf-layout';

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
  certification: {
    code: string;
    title: string;
    level: number | null;
    certifiers: string[];
    /** The blocks' titles, for the legend of the decisions table (absent from minutes closed before they were printed). */
    blocks?: { code: string; title: string }[];
  };
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
      /** A correction: the date of the jury whose decision it corrects, and that decision. */
      supersedesHeldOn?: string | null;
      supersedesDecision?: string | null;
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
  /** From version 2: the version this one follows, which stays as it was (and signed, if it was). */
  previousVersion?: { version: number; sha256: string; signedAt: string | null } | null;
  /** The version of the closed minutes (1 at closing); null while the session is open. */
  version: number | null;
  /** True while the session is open: what the minutes would say if it closed now. */
  draft: boolean;
}

/** The totals of the minutes, counted from the candidates' decisions. */
export function summarise(candidates: JuryMinutes['candidates']): JuryMinutes['summary'] {
  const decisions = candidates.flatMap((c) => c.decisions);
  return {
    candidates: candidates.length,
    decisions: decisions.length,
    blocksValidated: decisions.filter((d) => d.decision === 'validated').length,
    awarded: decisions.filter((d) => d.decision === 'awarded').length,
    refused: decisions.filter((d) => d.decision === 'refused').length,
    departures: decisions.filter((d) => d.departsFromProposal).length,
    corrections: decisions.filter((d) => d.supersedesDecisionId !== null).length,
    enteredOnBehalfOfJury: decisions.filter((d) => d.enteredOnBehalfOfJury).length,
  };
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
const RED = '#b00020';
const GREEN = '#1b5e20';
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

/** The signatures of a closed version of the minutes, to print in its signature block. */
export interface MinutesSigning {
  version: number;
  /** SHA-256 (hex) of that version's closed minutes, as stored and downloaded. */
  sha256: string;
  signatures: MinutesSignature[];
  /** Every expected signer has signed. */
  signed: boolean;
  /** When the last expected signature made the minutes signed, if known. */
  signedAt?: string | null;
  /** Who is expected to sign (those who already have are left out of the "still expected" list). */
  /** `hasAccount` false: the member signs once an admin links it to its user account. */
  expectedSigners: { fullName: string; role: string; hasAccount?: boolean }[];
}

const CERTIFICATION_PROPOSAL_LABELS: Record<string, string> = { eligible: 'éligible', not_eligible: 'non éligible' };
const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;
/** Observations longer than this go to a numbered note after the table, so that no row outgrows a page. */
const LONG_OBSERVATIONS = 700;

/**
 * The procès-verbal as a certifier files it: who held the jury and for which certification, when and where it sat,
 * who sat, the decisions candidate by candidate, the totals and the signature block. `signing` null: the document
 * as closed (what the members sign) or a draft; otherwise the same content with the electronic signatures.
 */
export async function renderMinutesPdf(minutes: JuryMinutes, signing: MinutesSigning | null): Promise<Buffer> {
  const heldOn = frenchDate(minutes.session.heldOn);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 66, bottom: 62, left: 50, right: 50 },
    bufferPages: true,
    info: {
      Title: `Procès-verbal du jury ${minutes.certification.code} du ${heldOn}`,
      Author: minutes.organisation.name,
      // The closing instant rather than now: the same closed minutes render to the same bytes.
      CreationDate: minutes.session.closedAt ? new Date(minutes.session.closedAt) : new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  const flow = new PageFlow(doc);
  writeTitle(flow, minutes, heldOn);
  await letOthersRun();
  writeMembers(flow, minutes);
  await letOthersRun();
  const notes = await writeDecisions(flow, minutes);
  writeNotes(flow, notes);
  writeSummary(flow, minutes);
  writeRectifications(flow, minutes);
  writeSignatures(flow, minutes, signing, heldOn);
  await decoratePages(doc, (page) => writeMargins(page, minutes, heldOn, signing), letOthersRun);
  await letOthersRun();
  doc.end();
  return done;
}

/**
 * Laying out a candidate takes milliseconds, and hundreds of them would hold the event loop for seconds: every few
 * candidates the renderer lets other requests run.
 */
const CANDIDATES_BETWEEN_YIELDS = 5;
const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve));

function writeTitle(flow: PageFlow, minutes: JuryMinutes, heldOn: string): void {
  const { doc } = flow;
  const { certification, session, organisation } = minutes;
  flow.paragraph(organisation.name, { font: 'bold', size: 12 }, 1);
  const certifiers = certification.certifiers.length > 0 ? certification.certifiers.join(', ') : 'non renseigné';
  flow.paragraph(
    `${certification.certifiers.length > 1 ? 'Certificateurs' : 'Certificateur'} : ${certifiers}`,
    { size: 9, color: GREY },
    16,
  );

  flow.paragraph('PROCÈS-VERBAL DU JURY DE CERTIFICATION', { font: 'bold', size: 15 }, 2);
  flow.paragraph(`Session du ${heldOn}`, { size: 11 }, 12);
  doc.x = flow.left;

  const level =
    certification.level !== null ? `niveau ${certification.level} (cadre national des certifications professionnelles)` : 'non renseigné';
  const facts = new Table(
    flow,
    [
      { header: '', width: 150 },
      { header: '', width: flow.width - 150 },
    ],
    { size: 9 },
  );
  const fact = (name: string, value: Cell) => facts.row([{ text: name, font: 'bold' }, value], {});
  fact('Certification', [{ text: `${certification.code} — ${certification.title}` }]);
  fact('Niveau', level);
  fact('Date de la session', heldOn);
  fact('Lieu', session.place ?? 'lieu non renseigné');
  fact(
    'Clôture',
    session.closedAt ? `le ${frenchDateTime(session.closedAt, organisation.timeZone)}` : { text: 'session non close', color: RED },
  );
  fact(
    'Procès-verbal',
    minutes.draft || minutes.version === null
      ? { text: 'PROJET — session non close', font: 'bold', color: RED }
      : `version ${minutes.version}`,
  );
  fact('Signature', session.signaturePolicy === 'president' ? 'par le président du jury' : 'par chacun des membres présents du jury');
  fact('Référence de la session', { text: session.id, font: 'mono', size: 8 });
  doc.y += 10;
  flow.paragraph(
    minutes.draft
      ? `Projet établi avant la clôture : le jury de certification du ${heldOn}${session.place ? ` (${session.place})` : ''} délibère sur les candidats présentés à la certification ${certification.code}. ` +
          'Les décisions ci-dessous sont celles enregistrées à ce jour ; seul le procès-verbal clos fait foi.'
      : `Le jury de certification s’est réuni le ${heldOn}${session.place ? ` (${session.place})` : ''} pour délibérer sur les candidats présentés à la certification ${certification.code}. ` +
          'Au vu des propositions issues des évaluations et après en avoir délibéré, il arrête les décisions consignées au présent procès-verbal.',
    { size: 9.5 },
    6,
  );
  const blocks = certification.blocks ?? [];
  if (blocks.length > 0) {
    flow.paragraph('Blocs de compétences de la certification :', { font: 'bold', size: 8.5 }, 2);
    for (const block of blocks) flow.paragraph(`${block.code} — ${block.title}`, { size: 8.5 }, 1);
    doc.y += 6;
  }
}

function writeMembers(flow: PageFlow, minutes: JuryMinutes): void {
  const { members, session } = minutes;
  flow.heading('Composition du jury', 70);
  const listed = members.filter((m) => m.listed).length;
  const present = members.filter((m) => m.present).length;
  if (!session.presenceRecorded) {
    flow.paragraph('Présence non relevée : les membres désignés sont réputés présents.', { font: 'italic', size: 9 });
  } else {
    flow.paragraph(
      `${present} membre(s) présent(s) ; ${listed} membre(s) désigné(s), dont ${members.filter((m) => m.listed && !m.present).length} absent(s).`,
      {
        size: 9,
      },
    );
  }
  const table = new Table(flow, [
    { header: 'Membre', width: 165 },
    { header: 'Qualité', width: 190 },
    { header: 'Présence', width: flow.width - 355 },
  ]);
  const rows = [...members].sort((a, b) => Number(b.president) - Number(a.president) || Number(b.present) - Number(a.present));
  table.start(table.rowHeight(['x', 'x', 'x']) * Math.min(rows.length, 3));
  for (const m of rows) {
    const quality: Run[] = [
      { text: `${roleLabel(m.role)}${m.external && m.role !== 'external_professional' ? ' (extérieur à l’organisme)' : ''}` },
    ];
    if (m.president) quality.push({ text: 'Président(e) du jury', font: 'bold' });
    const presence = !session.presenceRecorded ? 'réputé(e) présent(e)' : m.present ? 'présent(e)' : 'absent(e)';
    const presenceCell: Run[] = [{ text: presence, font: m.present ? 'regular' : 'bold' }];
    if (!m.listed)
      presenceCell.push({ text: m.replacesMemberName ? `en remplacement de ${m.replacesMemberName}` : 'membre suppléant', font: 'italic' });
    if (table.rowHeight([m.fullName, quality, presenceCell]) > flow.remaining()) table.newPage();
    table.row([{ text: m.fullName, font: m.president ? 'bold' : 'regular' }, quality, presenceCell]);
  }
  flow.doc.y += 6;
}

interface Note {
  number: number;
  candidate: string;
  what: string;
  text: string;
}

/** Blocks in code order, then the decision on the whole certification. */
const byBlockThenAward = (a: { blockCode: string | null }, b: { blockCode: string | null }) =>
  a.blockCode === b.blockCode ? 0 : a.blockCode === null ? 1 : b.blockCode === null ? -1 : a.blockCode.localeCompare(b.blockCode);

async function writeDecisions(flow: PageFlow, minutes: JuryMinutes): Promise<Note[]> {
  flow.heading('Décisions du jury', 110);
  flow.paragraph(
    'Pour chaque candidat, par bloc de compétences : la proposition issue des évaluations, la note, la décision du jury et, ' +
      'lorsque la décision s’écarte de la proposition, sa motivation ; puis la décision sur la certification.',
    { size: 8.5, color: GREY },
  );
  const table = new Table(flow, [
    { header: 'Bloc de compétences', width: 82 },
    { header: 'Proposition', width: 58 },
    // Wide enough for "14,75/20" on one line.
    { header: 'Note', width: 50, align: 'center' },
    { header: 'Décision du jury', width: 104 },
    { header: 'Motivation de l’écart, observations', width: flow.width - 294 },
  ]);
  const notes: Note[] = [];
  if (minutes.candidates.length === 0) {
    flow.paragraph('Aucun candidat.', { font: 'italic' });
    return notes;
  }
  table.start(60);
  for (const [index, c] of minutes.candidates.entries()) {
    if (index > 0 && index % CANDIDATES_BETWEEN_YIELDS === 0) await letOthersRun();
    // Names print exactly as recorded (the identity the certificate will carry), not recased.
    const name = `${c.lastName} ${c.firstNames}`;
    const details = [
      c.birthDate ? `né(e) le ${frenchDate(c.birthDate)}` : 'date de naissance non renseignée',
      label(ROUTE_LABELS, c.accessRoute),
      `centre de formation : ${c.trainingCentreName}`,
    ].join(' · ');
    // Every decision entered by the same non-member: said once for the candidate rather than on each row.
    const enteredBy = new Set(c.decisions.map((d) => (d.enteredOnBehalfOfJury ? d.enteredByName : '\u0000member')));
    const onBehalfOnce = c.decisions.length > 1 && enteredBy.size === 1 && c.decisions[0].enteredOnBehalfOfJury;
    const band: Run[] = [
      { text: `${index + 1}. ${name}`, font: 'bold', size: 8.5 },
      { text: details, size: 7.5, color: GREY },
      ...(onBehalfOnce
        ? [
            {
              text: `${enteredOnBehalfLine(c.decisions[0].enteredByName)} (toutes ses décisions)`,
              font: 'italic' as const,
              size: 7,
              color: GREY,
            },
          ]
        : []),
    ];
    const continued: Run[] = [{ text: `${index + 1}. ${name} (suite)`, font: 'bold', size: 8.5 }];
    const rows: Cell[][] = [...c.decisions].sort(byBlockThenAward).map((d) => {
      const award = d.blockCode === null;
      let observations = [
        d.departsFromProposal ? `Écart à la proposition. Motivation : ${d.rationale ?? 'non renseignée'}` : (d.rationale ?? ''),
        d.supersedesDecisionId ? `${correctionLine(d)} Motif : ${d.correctionReason ?? ''}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      if (observations.length > LONG_OBSERVATIONS) {
        const number = notes.length + 1;
        notes.push({ number, candidate: name, what: d.blockCode ?? 'certification', text: observations });
        observations = `${observations.slice(0, 200).trimEnd()}… (suite en note ${number}, après le tableau)`;
      }
      const observationRuns: Run[] = [{ text: observations }];
      if (d.enteredOnBehalfOfJury && !onBehalfOnce)
        observationRuns.push({ text: enteredOnBehalfLine(d.enteredByName), font: 'italic', size: 7, color: GREY });
      return [
        d.blockCode ?? { text: 'Certification', font: 'bold' },
        label(award ? CERTIFICATION_PROPOSAL_LABELS : PROPOSAL_LABELS, d.proposal),
        d.mark !== null ? `${frenchDecimal(d.mark)}/20` : '—',
        { text: label(DECISION_LABELS, d.decision), font: award || d.departsFromProposal ? 'bold' : 'regular' },
        observationRuns,
      ];
    });
    if (rows.length === 0) rows.push(['—', '—', '—', 'aucune décision', '']);
    table.group(band, continued, rows, { bandFill: SHADE });
  }
  flow.doc.y += 6;
  return notes;
}

function writeNotes(flow: PageFlow, notes: Note[]): void {
  if (notes.length === 0) return;
  flow.heading('Motivations détaillées', 40);
  for (const note of notes) {
    flow.ensure(40);
    flow.paragraph(`Note ${note.number} — ${note.candidate}, ${note.what}`, { font: 'bold', size: 9 }, 2);
    flow.paragraph(note.text, { size: 8.5 }, 8);
  }
}

function writeSummary(flow: PageFlow, minutes: JuryMinutes): void {
  const s = minutes.summary;
  const lines: [string, number][] = [
    ['Candidats', s.candidates],
    ['Décisions', s.decisions],
    ['Blocs de compétences validés', s.blocksValidated],
    ['Certifications délivrées', s.awarded],
    ['Certifications refusées', s.refused],
    ['Écarts motivés à la proposition', s.departures],
    ['Rectifications de décisions antérieures', s.corrections],
  ];
  if (s.enteredOnBehalfOfJury > 0) lines.push(['Décisions saisies pour le compte du jury', s.enteredOnBehalfOfJury]);
  flow.heading('Récapitulatif', 18 * lines.length);
  const table = new Table(
    flow,
    [
      { header: '', width: 300 },
      { header: '', width: 80, align: 'right' },
    ],
    { size: 9 },
  );
  for (const [name, count] of lines) table.row([name, { text: String(count), font: 'bold' }]);
  flow.doc.y += 6;
}

/** "Rectifie la décision du jury du 30 juin 2026 (validé)." — the reference itself only when the minutes predate it. */
function correctionLine(d: JuryMinutes['candidates'][number]['decisions'][number]): string {
  if (!d.supersedesHeldOn) return `Rectifie la décision ${d.supersedesDecisionId}.`;
  return `Rectifie la décision du jury du ${frenchDate(d.supersedesHeldOn)} (${label(DECISION_LABELS, d.supersedesDecision ?? null)}).`;
}

function writeRectifications(flow: PageFlow, minutes: JuryMinutes): void {
  if (minutes.rectifications.length === 0) return;
  flow.heading('Rectifications postérieures à la clôture', 80);
  flow.paragraph(
    `Les décisions suivantes ont été rectifiées après la clôture par une session ultérieure du jury. ` +
      `Le procès-verbal initial n’est pas modifié : cette ${minutes.version !== null ? `version ${minutes.version}` : 'édition'} les consigne.`,
    { size: 9 },
  );
  const previous = minutes.previousVersion;
  if (previous) {
    flow.paragraph(
      `Elle fait suite à la version ${previous.version}${previous.signedAt ? `, signée le ${frenchDateTime(previous.signedAt, minutes.organisation.timeZone)}` : ''}, ` +
        `qui reste consultable telle qu’elle a été close (empreinte SHA-256 : ${previous.sha256}).`,
      { size: 8.5, color: GREY },
    );
  }
  const table = new Table(flow, [
    { header: 'Candidat', width: 105 },
    { header: 'Bloc', width: 80 },
    { header: 'Décision initiale', width: 70 },
    { header: 'Décision rectifiée', width: 70 },
    { header: 'Rectifiée le', width: 62 },
    { header: 'Motif', width: flow.width - 387 },
  ]);
  table.start(40);
  for (const r of minutes.rectifications) {
    const cells: Cell[] = [
      `${r.lastName} ${r.firstNames}`,
      r.blockCode ?? 'Certification',
      label(DECISION_LABELS, r.decision),
      { text: label(DECISION_LABELS, r.correctedDecision), font: 'bold' },
      frenchDate(r.correctedOn),
      r.reason,
    ];
    if (table.rowHeight(cells) > flow.remaining()) table.newPage();
    table.row(cells);
  }
  flow.doc.y += 6;
}

function writeSignatures(flow: PageFlow, minutes: JuryMinutes, signing: MinutesSigning | null, heldOn: string): void {
  const { session, organisation } = minutes;
  const byPresident = session.signaturePolicy === 'president';
  flow.heading('Signatures', 150);
  flow.paragraph(`Fait${session.place ? ` à ${session.place}` : ''}, le ${heldOn}.`, { size: 9.5 }, 6);
  const who = byPresident ? 'le président du jury, selon les règles de la certification' : 'chacun des membres présents du jury';
  const signerColumns = (second: string) => [
    { header: 'Signataire', width: 190 },
    { header: second, width: flow.width - 190 },
  ];
  const signer = (s: { fullName: string; role: string; president?: boolean }): Run[] => [
    { text: s.fullName, font: 'bold' },
    { text: `${roleLabel(s.role)}${s.president ? ' — président(e) du jury' : ''}` },
  ];

  if (signing === null) {
    flow.paragraph(
      minutes.draft || minutes.version === null
        ? `Projet : la session n’est pas close. Une fois close, le procès-verbal est signé électroniquement dans la plateforme par ${who}.`
        : `Le présent procès-verbal (version ${minutes.version}) est signé électroniquement dans la plateforme par ${who}. ` +
            'Chaque signature enregistre le signataire, la date et l’heure, et l’empreinte SHA-256 de ce document tel qu’il est téléchargé ; ' +
            'quiconque peut la recalculer.',
      { size: 9.5 },
      8,
    );
    const expected = expectedSigners(minutes.members, session.presenceRecorded, session.signaturePolicy);
    flow.paragraph('Signataires attendus :', { font: 'bold', size: 9.5 }, 4);
    if (expected.length === 0) {
      flow.paragraph(byPresident ? 'Aucun président du jury n’est désigné parmi les membres présents.' : 'Aucun membre présent.', {
        font: 'italic',
      });
      return;
    }
    const table = new Table(flow, signerColumns('Signature'), { size: 8.5 });
    table.start(40);
    for (const m of expected) {
      const cells: Cell[] = [signer(m), { text: 'signature électronique dans la plateforme', font: 'italic', color: GREY }];
      if (table.rowHeight(cells) > flow.remaining()) table.newPage();
      table.row(cells);
    }
    return;
  }

  const signedBy = new Set(signing.signatures.map((s) => `${s.fullName}\u0000${s.role}`));
  const waiting = signing.expectedSigners.filter((e) => !signedBy.has(`${e.fullName}\u0000${e.role}`));
  flow.paragraph(
    !signing.signed
      ? 'En attente de signature'
      : `Procès-verbal signé${signing.signedAt ? ` le ${frenchDateTime(signing.signedAt, organisation.timeZone)}` : ''}`,
    {
      font: 'bold',
      size: 12,
      color: signing.signed ? GREEN : RED,
    },
    1,
  );
  flow.paragraph(
    `${signing.signatures.length} signature(s) recueillie(s)${waiting.length > 0 ? `, ${waiting.length} attendue(s)` : ''}.`,
    { size: 9, color: GREY },
    6,
  );
  flow.paragraph(
    `Le procès-verbal est signé électroniquement dans la plateforme par ${who}. Les signatures portent sur le procès-verbal clos, version ${signing.version}, d’empreinte SHA-256 :`,
    { size: 9.5 },
    2,
  );
  flow.paragraph(signing.sha256, { font: 'mono', size: 8 }, 4);
  flow.paragraph(
    `Ce document, conservé tel quel, reste téléchargeable : chacun peut en recalculer l’empreinte. Heures données dans le fuseau horaire de l’organisme (${organisation.timeZone}).`,
    { size: 8.5, color: GREY },
    8,
  );
  if (signing.signatures.length === 0) {
    flow.paragraph('Aucune signature à ce jour.', { font: 'italic' });
  } else {
    const table = new Table(flow, signerColumns('Signature électronique'), { size: 8.5 });
    table.start(50);
    for (const s of signing.signatures) {
      const cells: Cell[] = [
        signer(s),
        [
          { text: `Signé électroniquement le ${frenchDateTime(s.signedAt, organisation.timeZone)}` },
          { text: 'Empreinte SHA-256 du procès-verbal signé :', size: 7.5, color: GREY },
          { text: s.sha256, font: 'mono', size: 7 },
        ],
      ];
      if (table.rowHeight(cells) > flow.remaining()) table.newPage();
      table.row(cells);
    }
  }
  flow.doc.y += 8;
  if (waiting.length > 0) {
    flow.ensure(40);
    flow.paragraph('Signatures attendues :', { font: 'bold', size: 9.5 }, 2);
    for (const e of waiting) flow.paragraph(`• ${e.fullName} — ${roleLabel(e.role)}`, { size: 9 }, 1);
  }
}

/** Running header (certification, session, version or draft mark) and footer (organisation, page i / N). */
function writeMargins(
  page: { index: number; count: number; flow: PageFlow },
  minutes: JuryMinutes,
  heldOn: string,
  signing: MinutesSigning | null,
): void {
  const { flow, index, count } = page;
  const { doc } = flow;
  const draft = minutes.draft || minutes.version === null;
  const top = 30;
  marginText(flow, `Procès-verbal du jury — ${minutes.certification.code} — session du ${heldOn}`, top, { width: flow.width - 170 });
  marginText(
    flow,
    draft ? 'PROJET — session non close' : `version ${minutes.version}${signing ? ' — avec signatures électroniques' : ''}`,
    top,
    {
      align: 'right',
      width: 165,
      font: draft ? 'bold' : 'regular',
      color: draft ? RED : GREY,
    },
  );
  doc
    .moveTo(flow.left, top + 12)
    .lineTo(flow.left + flow.width, top + 12)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  const foot = doc.page.height - 42;
  doc
    .moveTo(flow.left, foot - 5)
    .lineTo(flow.left + flow.width, foot - 5)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  marginText(flow, `${minutes.organisation.name}${draft ? '' : ` — procès-verbal version ${minutes.version}`}`, foot, {
    width: flow.width - 80,
  });
  marginText(flow, `page ${index + 1} / ${count}`, foot, { align: 'right', width: 75, font: 'bold', color: INK });
  if (draft) {
    // A mark across the page that no photocopy or extract loses.
    doc.save();
    doc.rotate(-40, { origin: [doc.page.width / 2, doc.page.height / 2] });
    flow.font({ font: 'bold', size: 90, color: RED });
    doc
      .fillOpacity(0.07)
      .text('PROJET', 0, doc.page.height / 2 - 50, { width: doc.page.width, align: 'center', height: 120, lineBreak: false });
    doc.restore();
  }
}
