import { PlacedLine, pdfText } from '@project/testing';
import { CredentialDocument, QR_CODE_SIZE, SIGNATURE_BOX_HEIGHT, renderCredentialPdf } from './documents';

// As long as the competencies of a real RNCP sheet (RNCP41296 BC01: six of about 220 characters).
const competency = (i: number) =>
  `Compétence ${i + 1} : analyser le contexte d’intervention d’une organisation de solidarité, c’est-à-dire les défis, menaces et opportunités auxquels elle est confrontée, ainsi que les obligations réglementaires, afin de nourrir sa réflexion stratégique.`;

function document(kind: 'block' | 'certification', count: number): CredentialDocument {
  return {
    kind,
    reference: 'RNCP41296-2026-000123',
    organisationName: 'Institut de formation Sainte-Anne',
    certifiers: ['ASSOCIATION SAINTE ANNE'],
    holder: { firstNames: 'Inès', lastName: 'Moreau', birthName: null, birthDate: '1990-04-12' },
    certification: { code: 'RNCP41296', title: 'Manager en organisation de solidarité', level: 7 },
    block:
      kind === 'block'
        ? {
            code: 'RNCP41296BC01',
            title: 'Analyser les déterminants stratégiques d’une organisation de solidarité et concevoir une stratégie ad hoc',
            competencies: Array.from({ length: count }, (_, i) => competency(i)),
            source: 'jury',
          }
        : null,
    heldBlocks:
      kind === 'certification'
        ? Array.from({ length: count }, (_, i) => ({
            code: `RNCP41296BC${String(i + 1).padStart(2, '0')}`,
            title: 'Concevoir un projet de solidarité, en réponse aux besoins de populations cibles et de leurs territoires',
            acquiredOn: '2025-06-30',
            source: 'jury',
          }))
        : [],
    awardedOn: '2026-06-30',
    issuedAt: '2026-07-01T09:00:00.000Z',
    verificationUrl: 'https://competences.example.org/verify/6f1c2a3b-0000-4000-8000-000000000000',
    revokedAt: null,
    revocationReason: null,
  };
}

const line = (placed: PlacedLine[], start: string) => {
  const found = placed.find((l) => l.text.trim().startsWith(start));
  if (!found) throw new Error(`no line starting with « ${start} »`);
  return found;
};

describe('renderCredentialPdf: a document to sign', () => {
  it.each([
    ['block', 0],
    ['block', 6],
    ['block', 9],
    ['block', 40],
    ['certification', 4],
    ['certification', 12],
    ['certification', 45],
  ] as const)('%s with %i competencies or blocks: nothing overlaps the signature, the QR code or the footer', async (kind, count) => {
    const { placed, flat } = pdfText(await renderCredentialPdf(document(kind, count)));
    const lastPage = Math.max(...placed.map((l) => l.page));
    const signedOn = line(placed, 'Fait le');
    const boxLabel = line(placed, 'Nom, qualité, signature et cachet');
    const qrCaption = line(placed, 'Vérifier ce document');
    const footer = line(placed, `Référence ${document(kind, count).reference} — authenticité`);
    // The closing (date, signature box, QR code) and the footer end the last page, in that order, without touching.
    for (const closing of [signedOn, boxLabel, qrCaption, footer]) expect(closing.page).toBe(lastPage);
    const footerTextTop = footer.top - 8;
    expect(boxLabel.top + 4 + SIGNATURE_BOX_HEIGHT).toBeLessThan(footerTextTop);
    expect(qrCaption.top).toBeLessThan(footerTextTop);
    expect(signedOn.top - 10 + QR_CODE_SIZE).toBeLessThan(qrCaption.top);
    // The body ends above the closing.
    const body = placed.filter((l) => l.page === lastPage && l.top < signedOn.top - 10);
    const closingAndFooter = placed.filter((l) => l.page === lastPage && l.top >= signedOn.top - 10);
    expect(
      closingAndFooter.map((l) => l.text.trim()).filter((text) => /Compétence|RNCP41296BC|La validation d’un bloc/.test(text)),
    ).toEqual([]);
    expect(body.length + closingAndFooter.length).toBeGreaterThan(0);
    // Every line of every page stands inside the frame (A4: 841.89 points high, the frame 30 points in).
    for (const l of placed) expect(l.top).toBeLessThan(841.89 - 30 - 4);
    if (kind === 'block') for (let i = 0; i < count; i++) expect(flat).toContain(`Compétence ${i + 1} :`);
    else expect(flat).toContain(`RNCP41296BC${String(count).padStart(2, '0')}`);
  });

  it('an attestation with as many competencies as a real sheet’s block fits on one page; a longer one says on each page what it continues', async () => {
    for (const [kind, count] of [
      ['block', 0],
      ['block', 6],
      ['certification', 12],
    ] as const) {
      const { placed } = pdfText(await renderCredentialPdf(document(kind, count)));
      expect(Math.max(...placed.map((l) => l.page))).toBe(1);
    }
    const { placed } = pdfText(await renderCredentialPdf(document('block', 40)));
    const pages = Math.max(...placed.map((l) => l.page));
    expect(pages).toBeGreaterThan(2);
    for (let page = 2; page <= pages; page++) {
      expect(placed.filter((l) => l.page === page)[0].text).toBe('Attestation RNCP41296-2026-000123 — Inès MOREAU (suite)');
    }
  });
});
