import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { frenchDate, frenchDayOf } from '@project/platform';

// Unicode fonts embedded in the PDF: holders' names must print exactly, whatever their letters.
const FONTS = {
  serif: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf'),
  serifBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  sansBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};
const INK = '#1f2a44';
const ACCENT = '#7a5c1e';
const MUTED = '#555555';
/** The closing of the last page: the QR code of the verification page and the box where the certifier signs. */
export const QR_CODE_SIZE = 76;
export const SIGNATURE_BOX_HEIGHT = 52;
/** From the top of the closing (the date) to the bottom of the QR code's caption, the taller of its two sides. */
const CLOSING_HEIGHT = QR_CODE_SIZE + 16;
/** The footer's three lines start this far above the bottom of the page. */
const FOOTER_FROM_BOTTOM = 68;

/** Everything a printed attestation or certificate says. */
export interface CredentialDocument {
  kind: 'block' | 'certification';
  reference: string;
  organisationName: string;
  certifiers: string[];
  holder: { firstNames: string; lastName: string; birthName: string | null; birthDate: string | null };
  certification: { code: string; title: string; level: number | null };
  /** The block attested (kind block). */
  block: { code: string; title: string; competencies: string[]; source: string } | null;
  /** The certification's blocks as held by the holder (kind certification). */
  heldBlocks: { code: string; title: string; acquiredOn: string; source: string }[];
  awardedOn: string;
  issuedAt: string;
  verificationUrl: string;
  revokedAt: string | null;
  revocationReason: string | null;
}

const SOURCE_PHRASES: Record<string, string> = {
  jury: 'par décision du jury de certification',
  vae: 'par la validation des acquis de l’expérience (VAE)',
  equivalence: 'par équivalence avec un bloc de compétences déjà détenu',
  external: 'sur justificatif de son obtention auprès d’un autre certificateur',
};
const sourcePhrase = (source: string) => SOURCE_PHRASES[source] ?? source;

/**
 * The attestation de validation d'un bloc de compétences, or the certificate (parchemin) of an award: A4,
 * French, for the certifier to sign and stamp, with the reference and a QR code of the verification page.
 */
export function renderCredentialPdf(document: CredentialDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title =
      document.kind === 'block' ? 'Attestation de validation de bloc de compétences' : 'Certificat de certification professionnelle';
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 60, bottom: 40, left: 70, right: 70 },
      compress: options.compress ?? true,
      info: { Title: `${title} ${document.reference}`, Author: document.organisationName },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('serif', FONTS.serif);
    doc.registerFont('serif-bold', FONTS.serifBold);
    doc.registerFont('sans', FONTS.sans);
    doc.registerFont('sans-bold', FONTS.sansBold);

    frame(doc);
    // Every page is framed (frame() leaves the text's font and colour alone, so a page break inside a text is safe).
    doc.on('pageAdded', () => frame(doc));
    header(doc, document);
    doc.moveDown(1.6);
    doc.font('serif-bold').fontSize(19).fillColor(INK).text(title.toUpperCase(), { align: 'center', characterSpacing: 0.5 });
    doc
      .moveDown(0.3)
      .font('sans')
      .fontSize(9)
      .fillColor(MUTED)
      .text('Certification professionnelle enregistrée au Répertoire national des certifications professionnelles (RNCP)', {
        align: 'center',
      });
    if (document.revokedAt) revokedBanner(doc, document);
    doc.moveDown(1.2);
    holderBlock(doc, document);
    doc.moveDown(0.8);
    if (document.kind === 'block') blockBody(doc, document);
    else certificateBody(doc, document);
    signatureAndVerification(doc, document);
    doc.end();
  });
}

function frame(doc: PDFKit.PDFDocument): void {
  const { width, height } = doc.page;
  doc
    .lineWidth(2.5)
    .strokeColor(ACCENT)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(0.7)
    .strokeColor(ACCENT)
    .rect(30, 30, width - 60, height - 60)
    .stroke();
  doc.strokeColor('black').lineWidth(1);
}

/**
 * Room for `height` points on this page, or a new page that says what it continues (so a loose sheet is still
 * identified). The caller sets its font again afterwards.
 */
function ensureRoom(doc: PDFKit.PDFDocument, d: CredentialDocument, height: number): void {
  if (doc.y + height <= doc.page.height - doc.page.margins.bottom) return;
  doc.addPage();
  const { left, right, top } = doc.page.margins;
  const title = d.kind === 'block' ? 'Attestation' : 'Certificat';
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(`${title} ${d.reference} — ${fullName(d)} (suite)`, left, top - 18, {
      width: doc.page.width - left - right,
      align: 'right',
      lineBreak: false,
    });
  doc.x = left;
  doc.y = top;
}

const fullName = (d: CredentialDocument) => `${d.holder.firstNames} ${d.holder.lastName.toUpperCase()}`;

function header(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc
    .font('sans-bold')
    .fontSize(12)
    .fillColor(INK)
    .text(d.organisationName, left, 60, { width: width / 2 });
  doc
    .font('sans')
    .fontSize(8)
    .fillColor(MUTED)
    .text(`Référence : ${d.reference}`, left + width / 2, 60, { width: width / 2, align: 'right' });
  if (d.certifiers.length > 0) {
    doc.text(`Certificateur : ${d.certifiers.join(', ')}`, left + width / 2, doc.y, { width: width / 2, align: 'right' });
  }
  doc.x = left;
  doc.y = Math.max(doc.y, 95);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(ACCENT)
    .stroke();
}

function revokedBanner(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  doc
    .moveDown(0.6)
    .font('sans-bold')
    .fontSize(11)
    .fillColor('#b00020')
    .text(`DOCUMENT RÉVOQUÉ le ${frenchDayOf(d.revokedAt!)} — ${d.revocationReason ?? ''}`, { align: 'center' })
    .fillColor(INK);
}

function holderBlock(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  const { holder } = d;
  doc.font('serif').fontSize(11).fillColor(INK).text('Le certificateur atteste que', { align: 'center' });
  doc.moveDown(0.5);
  doc.font('serif-bold').fontSize(20).text(fullName(d), { align: 'center' });
  const born = [
    holder.birthName && holder.birthName !== holder.lastName ? `né(e) ${holder.birthName.toUpperCase()}` : null,
    holder.birthDate ? `né(e) le ${frenchDate(holder.birthDate)}` : null,
  ].filter((part): part is string => part !== null);
  if (born.length > 0) doc.moveDown(0.2).font('serif').fontSize(11).text(born.join(', '), { align: 'center' });
}

function certificationLine(d: CredentialDocument): string {
  const level = d.certification.level !== null ? `, niveau ${d.certification.level} du cadre national des certifications` : '';
  return `${d.certification.code} — ${d.certification.title}${level}`;
}

function blockBody(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  const block = d.block!;
  doc
    .font('serif')
    .fontSize(11)
    .text(`a validé, ${sourcePhrase(block.source)} en date du ${frenchDate(d.awardedOn)}, le bloc de compétences`, {
      align: 'center',
    });
  doc.moveDown(0.5);
  doc.font('serif-bold').fontSize(13).text(`${block.code} — ${block.title}`, { align: 'center' });
  doc.moveDown(0.5);
  doc.font('serif').fontSize(11).text('de la certification professionnelle', { align: 'center' });
  doc.moveDown(0.2).font('serif-bold').fontSize(12).text(certificationLine(d), { align: 'center' });
  doc.moveDown(0.8);
  doc.font('sans-bold').fontSize(10).text('Compétences attestées');
  doc.moveDown(0.3);
  for (const competency of block.competencies) bullet(doc, d, competency);
  doc.fillColor(INK).moveDown(0.5);
  doc
    .font('sans')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      'La validation d’un bloc de compétences est acquise définitivement et donne lieu à la présente attestation ; elle ne vaut pas obtention de la certification professionnelle complète.',
    )
    .fillColor(INK);
}

function certificateBody(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  doc
    .font('serif')
    .fontSize(11)
    .text(`a obtenu, par décision du jury de certification du ${frenchDate(d.awardedOn)}, la certification professionnelle`, {
      align: 'center',
    });
  doc.moveDown(0.6);
  doc.font('serif-bold').fontSize(15).text(d.certification.title, { align: 'center' });
  doc
    .moveDown(0.3)
    .font('serif')
    .fontSize(11)
    .text(
      `${d.certification.code}${d.certification.level !== null ? ` — niveau ${d.certification.level} du cadre national des certifications` : ''}`,
      { align: 'center' },
    );
  doc.moveDown(1.2);
  doc.font('sans-bold').fontSize(10).text('Blocs de compétences constitutifs');
  doc.moveDown(0.3);
  for (const block of d.heldBlocks) {
    ensureRoom(doc, d, 24);
    doc.font('sans-bold').fontSize(8.5).fillColor(INK).text(`${block.code}  `, { continued: true });
    doc.font('sans').text(`${block.title} — acquis le ${frenchDate(block.acquiredOn)}, ${sourcePhrase(block.source)}`, { paragraphGap: 3 });
  }
}

/** A competency as a list item whose wrapped lines align with its first word, not with the bullet; kept on one page. */
function bullet(doc: PDFKit.PDFDocument, d: CredentialDocument, text: string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const hang = 12;
  const font = () => doc.font('sans').fontSize(8.5).fillColor('#222222');
  ensureRoom(doc, d, font().heightOfString(text, { width: width - hang }));
  font();
  const top = doc.y;
  doc.text('•', left + 3, top, { width: hang, lineBreak: false });
  doc.text(text, left + hang, top, { width: width - hang, paragraphGap: 2 });
  doc.x = left;
}

/** Place, date and signature on the left; the QR code of the verification page and the reference on the right. */
function signatureAndVerification(doc: PDFKit.PDFDocument, d: CredentialDocument): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const qrSize = QR_CODE_SIZE;
  const footerY = doc.page.height - FOOTER_FROM_BOTTOM;
  // At the foot of the last page, above the footer; at the top of a page of its own when the body leaves no room.
  const lowest = footerY - 10 - CLOSING_HEIGHT;
  let top = lowest;
  if (doc.y + 12 > lowest) {
    ensureRoom(doc, d, Number.POSITIVE_INFINITY);
    top = doc.y + 10;
  }
  doc
    .font('serif')
    .fontSize(10)
    .fillColor(INK)
    .text(`Fait le ${frenchDayOf(d.issuedAt)},`, left, top, { width: width - qrSize - 40 });
  doc.text('pour le certificateur,', { width: width - qrSize - 40 });
  doc
    .moveDown(0.3)
    .font('sans')
    .fontSize(8)
    .fillColor(MUTED)
    .text('Nom, qualité, signature et cachet', { width: width - qrSize - 40 });
  doc
    .lineWidth(0.5)
    .strokeColor(MUTED)
    .rect(left, doc.y + 4, 220, SIGNATURE_BOX_HEIGHT)
    .dash(2, { space: 2 })
    .stroke()
    .undash();

  const qrX = left + width - qrSize;
  drawQrCode(doc, d.verificationUrl, qrX, top, qrSize);
  doc
    .font('sans')
    .fontSize(7)
    .fillColor(MUTED)
    .text('Vérifier ce document', qrX - 30, top + qrSize + 4, { width: qrSize + 30, align: 'right' });
  doc.font('sans').fontSize(7.5).fillColor(MUTED);
  doc.text(`Référence ${d.reference} — authenticité vérifiable sans compte à l’adresse :`, left, footerY, { width, align: 'center' });
  doc.font('sans-bold').fillColor(INK).text(d.verificationUrl, left, doc.y, { width, align: 'center', link: d.verificationUrl });
  doc.font('sans').fillColor(MUTED).text(`Délivré par ${d.organisationName}`, left, doc.y, { width, align: 'center' });
}

/** The QR code drawn as vector squares: sharp at any zoom and printer. */
function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  doc.save().fillColor('black');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}
