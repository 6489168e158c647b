import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedSigners } from '@project/domain';
import { PlacedLine, pdfText } from '@project/testing';
import { JuryMinutes, MinutesMember, MinutesSignature, MinutesSigning, renderMinutesPdf, summarise } from './minutes';

/** The text of each page, its lines joined by spaces: text wrapped in a paragraph or a cell reads as written. */
function pageTexts(pdf: Buffer): string[] {
  const pages: string[][] = [];
  for (const line of pdfText(pdf).placed) (pages[line.page - 1] ??= []).push(line.text.trim());
  return Array.from(pages, (lines) => (lines ?? []).join(' ').replace(/\s+/g, ' '));
}

// Set MINUTES_PDF_DIR to keep the rendered PDFs and look at them (pdftoppm -png -r 60 file.pdf page).
function keep(name: string, pdf: Buffer): void {
  const dir = process.env.MINUTES_PDF_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pdf`), pdf);
}

const BLOCKS = ['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'];
const FIRST_NAMES = ['Marie', 'Łukasz', 'Thị Hương', 'Jean-Éloi', 'Zoé', 'Ἀλέξανδρος', 'Aïcha', 'Bjørn'];

function member(fullName: string, role: string, more: Partial<MinutesMember> = {}): MinutesMember {
  return {
    id: `m-${fullName}`,
    fullName,
    role,
    external: role === 'external_professional',
    userId: null,
    president: false,
    present: true,
    listed: true,
    replacesMemberName: null,
    ...more,
  };
}

/** A session of `count` candidates, four blocks and the award each; presence recorded, one member absent and replaced. */
function minutesOf(count: number, more: Partial<JuryMinutes> = {}): JuryMinutes {
  const candidates: JuryMinutes['candidates'] = Array.from({ length: count }, (_, i) => {
    const lastName = `Candidat${String(i + 1).padStart(3, '0')}`;
    const decisions: JuryMinutes['candidates'][number]['decisions'] = BLOCKS.map((blockCode, b) => {
      const departs = (i + b) % 17 === 0;
      return {
        id: `d-${i}-${b}`,
        blockCode,
        decision: departs ? 'not_validated' : 'validated',
        proposal: 'acquired',
        mark: 10 + ((i + b) % 10) + (b % 2 ? 0.5 : 0),
        departsFromProposal: departs,
        rationale: departs ? 'Le dossier professionnel ne démontre pas la conduite autonome du projet ; le jury ajourne ce bloc.' : null,
        supersedesDecisionId: null,
        correctionReason: null,
        decidedBy: 'u-1',
        decidedAt: '2026-11-30T13:00:00Z',
        enteredOnBehalfOfJury: i % 50 === 3,
        enteredByName: i % 50 === 3 ? 'Sandrine Secrétaire' : 'Claire Présidente',
      };
    });
    const awarded = decisions.every((d) => d.decision === 'validated');
    decisions.push({
      id: `d-${i}-award`,
      blockCode: null,
      decision: awarded ? 'awarded' : 'refused',
      proposal: awarded ? 'eligible' : 'not_eligible',
      mark: null,
      departsFromProposal: false,
      rationale: null,
      supersedesDecisionId: null,
      correctionReason: null,
      decidedBy: 'u-1',
      decidedAt: '2026-11-30T13:10:00Z',
      enteredOnBehalfOfJury: false,
      enteredByName: 'Claire Présidente',
    });
    return {
      enrolmentId: `e-${i}`,
      learnerId: `l-${i}`,
      firstNames: FIRST_NAMES[i % FIRST_NAMES.length],
      lastName,
      birthDate: `19${90 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`,
      accessRoute: ['apprenticeship', 'continuing_education', 'vae', 'student'][i % 4],
      cohortId: null,
      trainingCentreId: `tc-${i % 3}`,
      trainingCentreName: ['Institut du Numérique de Lyon', 'Campus Sud Formation', 'École des Métiers du Web'][i % 3],
      decisions,
    };
  });
  return {
    organisation: { id: 'o-1', name: 'Association Compétences Numériques', timeZone: 'Europe/Paris' },
    certification: {
      code: 'RNCP41296',
      title: 'Concepteur développeur d’applications',
      level: 6,
      certifiers: ['Ministère du Travail, du Plein emploi et de l’Insertion'],
    },
    session: {
      id: '7c1d5e0a-3f7b-4b8e-9d51-2a7f0c6b9e11',
      certificationCode: 'RNCP41296',
      certificationTitle: 'Concepteur développeur d’applications',
      heldOn: '2026-11-30',
      place: 'Lyon, 12 rue de la République, salle B',
      closedAt: '2026-11-30T17:05:00Z',
      presenceRecorded: true,
      signaturePolicy: 'all_present',
    },
    members: [
      member('Claire Présidente', 'certifier_management', { president: true, userId: 'u-1' }),
      member('Paul Professionnel', 'external_professional'),
      member('Nadia Absente', 'pedagogical_lead', { present: false }),
      member('Hugo Suppléant', 'pedagogical_lead', { listed: false, replacesMemberName: 'Nadia Absente' }),
    ],
    candidates,
    summary: summarise(candidates),
    rectifications: [],
    version: 1,
    draft: false,
    ...more,
  };
}

/** The text from the signature block on. */
const signatureBlock = (pages: string[]) => pages.join('\n').split('SIGNATURES').slice(1).join('SIGNATURES');

describe('the minutes PDF', () => {
  let big: JuryMinutes;
  let pages: string[];
  let placed: PlacedLine[];
  beforeAll(async () => {
    big = minutesOf(200);
    const pdf = await renderMinutesPdf(big, null);
    keep('closed-200', pdf);
    pages = pageTexts(pdf);
    placed = pdfText(pdf).placed;
  });

  it('says once per candidate that a secretary entered all its decisions, on each row when only some', async () => {
    const minutes = minutesOf(2);
    const [all, some] = minutes.candidates;
    all.decisions = all.decisions.map((d) => ({ ...d, enteredOnBehalfOfJury: true, enteredByName: 'Sandrine Secrétaire' }));
    some.decisions = some.decisions.map((d, i) => ({
      ...d,
      enteredOnBehalfOfJury: i < 2,
      enteredByName: i < 2 ? 'Sandrine Secrétaire' : 'Claire Présidente',
    }));
    const text = pdfText(await renderMinutesPdf(minutes, null)).flat;
    const lines = text.split('saisie pour son compte par Sandrine Secrétaire').length - 1;
    expect(lines).toBe(1 + 2);
    expect(text).toContain('(toutes ses décisions)');
  });

  it('renders 200 candidates over many pages, each numbered "page i / N"', () => {
    expect(pages.length).toBeGreaterThan(10);
    pages.forEach((text, i) => expect(text).toContain(`page ${i + 1} / ${pages.length}`));
  });

  it('keeps the body between the running header and the footer on every page', () => {
    const [top, bottom] = [66, 841.89 - 62]; // the page's margins
    const margins = placed.filter((line) => line.top < top || line.top > bottom).map((line) => line.text.trim());
    expect(margins.length).toBe(4 * pages.length);
    for (const text of margins) {
      expect(text).toMatch(
        /^(Procès-verbal du jury — RNCP41296 — session du 30 novembre 2026|version 1|Association Compétences Numériques — procès-verbal version 1|page \d+ \/ \d+)$/,
      );
    }
  });

  it('names every candidate, with birth date, access route and training centre', () => {
    const all = pages.join('\n');
    for (const [i, c] of big.candidates.entries()) expect(all).toContain(`${i + 1}. ${c.lastName} ${c.firstNames}`);
    expect(all).toContain('né(e) le 10 janvier 1990');
    expect(all).toContain("contrat d'apprentissage");
    expect(all).toContain('centre de formation : École des Métiers du Web');
  });

  it('heads the record with the organisation, certifier, certification, level, date and place, in French', () => {
    const first = pages[0];
    for (const expected of [
      'Association Compétences Numériques',
      'Certificateur : Ministère du Travail, du Plein emploi et de l’Insertion',
      'RNCP41296 — Concepteur développeur d’applications',
      'niveau 6',
      'Lyon, 12 rue de la République, salle B',
      'le 30 novembre 2026 à 18 h 05',
      'version 1',
    ]) {
      expect(first).toContain(expected);
    }
    const all = pages.join('\n');
    expect(all).toContain('30 novembre 2026');
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(all).not.toContain('PROJET');
  });

  it('lists the members present and absent, the president and the replacement', () => {
    expect(pages[0]).toContain('Nadia Absente Responsable pédagogique absent(e)');
    expect(pages[0]).toContain('Président(e) du jury');
    expect(pages[0]).toContain('en remplacement de Nadia Absente');
    expect(pages[0]).not.toContain('Présence non relevée');
  });

  it('prints the decisions as a table: proposal, mark with a decimal comma, decision, rationale of a departure, award', () => {
    const all = pages.join('\n');
    expect(all).toContain('12,5/20');
    expect(all).toContain('Écart à la proposition. Motivation : Le dossier professionnel');
    expect(all).toContain('certification délivrée');
    expect(all).toContain('certification refusée');
    expect(all).toContain('Décision du jury saisie pour son compte par Sandrine Secrétaire');
  });

  it('repeats the table header on each page of decisions and never separates a candidate from their decisions', () => {
    const withCandidates = pages.filter((text) => /\d+\. Candidat\d{3}/.test(text));
    expect(withCandidates.length).toBeGreaterThan(10);
    for (const text of withCandidates) {
      expect(text).toContain('Bloc de compétences');
      expect(text).not.toContain('(suite)');
      // Each candidate on the page has their award decision (the group's last row) on it too.
      const names = text.match(/\d+\. Candidat\d{3}/g) ?? [];
      const awards = text.match(/certification (délivrée|refusée)/g) ?? [];
      expect(awards).toHaveLength(names.length);
    }
  });

  it('ends with the totals and the signature block of the present members, signed in the platform', () => {
    const all = pages.join('\n');
    expect(all).toContain('RÉCAPITULATIF');
    const block = signatureBlock(pages);
    expect(block).toContain('Fait à Lyon, 12 rue de la République, salle B, le 30 novembre 2026.');
    expect(block).toContain('signé électroniquement dans la plateforme par chacun des membres présents du jury');
    expect(block).toContain('Claire Présidente');
    expect(block).toContain('Paul Professionnel');
    expect(block).toContain('Hugo Suppléant');
    expect(block).not.toContain('Nadia Absente');
    expect(block).not.toContain('_____');
  });

  it('the same closed minutes render to the same bytes', async () => {
    const minutes = minutesOf(3);
    expect((await renderMinutesPdf(minutes, null)).equals(await renderMinutesPdf(minutes, null))).toBe(true);
  });
});

describe('the minutes PDF, other cases', () => {
  it('a president-signed session expects the president alone', async () => {
    const minutes = minutesOf(2);
    minutes.session.signaturePolicy = 'president';
    const pdf = await renderMinutesPdf(minutes, null);
    keep('president', pdf);
    const block = signatureBlock(pageTexts(pdf));
    expect(block).toContain('par le président du jury, selon les règles de la certification');
    expect(block).toContain('Claire Présidente');
    expect(block).not.toContain('Paul Professionnel');
    expect(block).not.toContain('Hugo Suppléant');
  });

  it('says when presence was not recorded: the listed members are deemed present', async () => {
    const minutes = minutesOf(1);
    minutes.session.presenceRecorded = false;
    minutes.members = minutes.members.filter((m) => m.listed).map((m) => ({ ...m, present: true }));
    const [first] = pageTexts(await renderMinutesPdf(minutes, null));
    expect(first).toContain('Présence non relevée : les membres désignés sont réputés présents.');
    expect(first).toContain('réputé(e) présent(e)');
  });

  it('marks every page of a draft "PROJET — session non close", without a version', async () => {
    const minutes = minutesOf(40, { draft: true, version: null });
    minutes.session.closedAt = null;
    const pdf = await renderMinutesPdf(minutes, null);
    keep('draft', pdf);
    const pages = pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const text of pages) expect(text).toContain('PROJET — session non close');
    expect(pages.join('\n')).not.toContain('version 1');
  });

  it('prints the rectifications made after closing in their own section', async () => {
    const minutes = minutesOf(2, { version: 2 });
    minutes.rectifications = [
      {
        decisionId: 'd-1-0',
        lastName: 'Candidat002',
        firstNames: 'Łukasz',
        blockCode: 'RNCP41296BC01',
        decision: 'validated',
        correctedDecision: 'not_validated',
        correctedOn: '2027-01-15',
        correctingSessionId: 's-2',
        reason: 'Erreur matérielle de report de la note.',
      },
    ];
    const all = pageTexts(await renderMinutesPdf(minutes, null)).join('\n');
    expect(all).toContain('RECTIFICATIONS POSTÉRIEURES À LA CLÔTURE');
    expect(all).toContain('15 janvier 2027');
    expect(all).toContain('Erreur matérielle de report de la note.');
    expect(all).toContain('version 2');
  });

  it('splits a candidate taller than a page between rows, restating the header and the candidate on the next page', async () => {
    const minutes = minutesOf(2);
    const [award] = minutes.candidates[0].decisions.slice(-1);
    const blocks: JuryMinutes['candidates'][number]['decisions'] = Array.from({ length: 70 }, (_, b) => ({
      ...minutes.candidates[0].decisions[0],
      id: `d-many-${b}`,
      blockCode: `RNCP41296BC${String(b + 1).padStart(2, '0')}`,
    }));
    minutes.candidates[0].decisions = [...blocks, award];
    const pages = pageTexts(await renderMinutesPdf(minutes, null));
    const continued = pages.filter((text) => text.includes('1. Candidat001 Marie (suite)'));
    expect(continued.length).toBeGreaterThan(0);
    for (const text of continued) expect(text).toContain('Bloc de compétences');
    expect(pages.join(' ')).toContain('RNCP41296BC70');
  });

  it('keeps the page numbers readable under a very long organisation name', async () => {
    const minutes = minutesOf(12);
    minutes.organisation.name = 'Groupement d’intérêt public pour la formation et l’insertion professionnelles '.repeat(3);
    const pages = pageTexts(await renderMinutesPdf(minutes, null));
    pages.forEach((text, i) => expect(text).toContain(`page ${i + 1} / ${pages.length}`));
    // Cut short in the footer, where it would have run under the page number.
    expect(pages[1]).toContain('Groupement d’intérêt public');
    expect(pages[1]).not.toContain(minutes.organisation.name.trim());
  });

  it('renders a session without candidates', async () => {
    const pages = pageTexts(await renderMinutesPdf(minutesOf(0), null));
    expect(pages.join(' ')).toContain('Aucun candidat.');
    expect(pages.length).toBeLessThanOrEqual(2);
    expect(pages.join(' ')).toContain(`page ${pages.length} / ${pages.length}`);
  });

  it('moves a very long rationale to a note after the table rather than letting a row outgrow a page', async () => {
    const minutes = minutesOf(3);
    const long = `${'Motivation détaillée du jury. '.repeat(120)}Fin de la motivation.`;
    minutes.candidates[1].decisions[0] = { ...minutes.candidates[1].decisions[0], departsFromProposal: true, rationale: long };
    const all = pageTexts(await renderMinutesPdf(minutes, null)).join('\n');
    expect(all).toContain('(suite en note 1, après le tableau)');
    expect(all).toContain('MOTIVATIONS DÉTAILLÉES');
    expect(all).toContain('Fin de la motivation.');
  });
});

describe('the signed minutes PDF', () => {
  const minutes = minutesOf(5);
  const sha256 = createHash('sha256').update('the closed minutes, version 1').digest('hex');
  const signature = (m: MinutesMember, signedAt: string): MinutesSignature => ({
    memberId: m.id,
    fullName: m.fullName,
    role: m.role,
    president: m.president,
    signedAt,
    sha256,
  });
  const signers = expectedSigners(minutes.members, true, 'all_present');
  const expected = signers.map(({ fullName, role }) => ({ fullName, role }));
  const [president, professional, substitute] = signers;

  it('shows each signature, name, role, French date and time in the organisation’s time zone and fingerprint: signed', async () => {
    const signing: MinutesSigning = {
      version: 1,
      sha256,
      signed: true,
      signedAt: '2026-12-03T08:00:00Z',
      expectedSigners: expected,
      signatures: [
        signature(president, '2026-12-02T13:05:00Z'),
        signature(professional, '2026-12-02T15:40:00Z'),
        signature(substitute, '2026-12-03T08:00:00Z'),
      ],
    };
    const pdf = await renderMinutesPdf(minutes, signing);
    keep('signed', pdf);
    const block = signatureBlock(pageTexts(pdf));
    for (const name of ['Claire Présidente', 'Paul Professionnel', 'Hugo Suppléant']) expect(block).toContain(name);
    expect(block).toContain('Direction du certificateur — président(e) du jury');
    expect(block).toContain('Signé électroniquement le 2 décembre 2026 à 14 h 05');
    expect(block).toContain('Signé électroniquement le 2 décembre 2026 à 16 h 40');
    expect(block).toContain('Signé électroniquement le 3 décembre 2026 à 9 h 00');
    expect(block.split(sha256).length - 1).toBeGreaterThanOrEqual(4);
    expect(block).toContain('Procès-verbal signé le 3 décembre 2026 à 9 h 00');
    expect(block).not.toContain('En attente de signature');
    expect(block).not.toContain('Signatures attendues');
  });

  it('lists the members still expected to sign while the minutes wait for them', async () => {
    const signing: MinutesSigning = {
      version: 1,
      sha256,
      signed: false,
      expectedSigners: expected,
      signatures: [signature(president, '2026-12-02T13:05:00Z')],
    };
    const block = signatureBlock(pageTexts(await renderMinutesPdf(minutes, signing)));
    expect(block).toContain('En attente de signature');
    expect(block).toContain(
      'Signatures attendues : • Paul Professionnel — Professionnel extérieur • Hugo Suppléant — Responsable pédagogique',
    );
    expect(block).not.toContain('Procès-verbal signé');
  });
});
