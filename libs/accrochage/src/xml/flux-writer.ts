import { ModaliteAcces, NatureDeposant } from '@project/domain';
import type { PassageSourceRow } from '../rows';

/**
 * The CPF declaration file, written as text in the element order of ../shared/accrochage.md (an xs:sequence): the
 * opening up to the first certification, then per certification its opening, its passages and its closing, then
 * the closing. Every piece is a plain string, so the file is streamed piece by piece and a validator can be given
 * any run of passages wrapped in the exact opening and closing the file has.
 */

export const CPF_NAMESPACE = 'urn:cdc:cpf:pc5:schema:1.0.0';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const NIL = ' xsi:nil="true"/>';

export interface FluxHeader {
  idFlux: string;
  /** ISO 8601 with its offset (see parisTimestamp). */
  horodatage: string;
  idClient: string;
  idContrat: string;
}

/** One passage: the holder's civil identity as the learner row has it, and what the award adds. */
export type PassageFacts = Pick<
  PassageSourceRow,
  | 'idTechnique'
  | 'awardedOn'
  | 'givenNames'
  | 'birthDate'
  | 'sex'
  | 'birthCommuneCode'
  | 'birthPostalCode'
  | 'birthCommune'
  | 'birthCountryCode'
  | 'birthCountry'
> & {
  urlPreuve: string | null;
  modaliteAcces: ModaliteAcces;
  nomNaissance: string;
  nomUsage: string | null;
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content: markup characters escaped, and characters XML 1.0 forbids (controls) dropped. */
export function xmlText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const element = (name: string, value: string) => `<cpf:${name}>${xmlText(value)}</cpf:${name}>`;
const optional = (name: string, value: string | null | undefined) => (value ? element(name, value) : '');
const nil = (name: string) => `<cpf:${name}${NIL}`;

export function fluxOpening(header: FluxHeader): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<cpf:flux xmlns:cpf="${CPF_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}">` +
    element('idFlux', header.idFlux) +
    element('horodatage', header.horodatage) +
    `<cpf:emetteur>${element('idClient', header.idClient)}<cpf:certificateurs><cpf:certificateur>` +
    element('idClient', header.idClient) +
    element('idContrat', header.idContrat) +
    `<cpf:certifications>\n`
  );
}

export function certificationOpening(code: string, natureDeposant: NatureDeposant): string {
  const type = code.startsWith('RS') ? 'RS' : 'RNCP';
  return `<cpf:certification>${element('type', type)}${element('code', code)}${element('natureDeposant', natureDeposant)}<cpf:passageCertifications>\n`;
}

export const CERTIFICATION_CLOSING = `</cpf:passageCertifications></cpf:certification>\n`;
export const FLUX_CLOSING = `</cpf:certifications></cpf:certificateur></cpf:certificateurs></cpf:emetteur></cpf:flux>\n`;

/** One holder, one award: a jury award is PAR_ADMISSION, valid from the award date, with no end (RNCP). */
export function passageXml(p: PassageFacts): string {
  const [year, month, day] = p.birthDate.split('-');
  const birthPlace = p.birthCommuneCode
    ? `<cpf:codeInseeNaissance>${element('codeInsee', p.birthCommuneCode)}</cpf:codeInseeNaissance>`
    : `<cpf:codePostalNaissance>${element('codePostal', p.birthPostalCode ?? '')}</cpf:codePostalNaissance>`;
  const abroadCountry = p.birthCommuneCode?.startsWith('99') ? p.birthCommuneCode.slice(2) : null;
  return (
    '<cpf:passageCertification>' +
    element('idTechnique', p.idTechnique) +
    optional('urlPreuve', p.urlPreuve) +
    element('obtentionCertification', 'PAR_ADMISSION') +
    element('donneeCertifiee', 'true') +
    element('dateDebutValidite', p.awardedOn) +
    nil('dateFinValidite') +
    element('presenceNiveauLangueEuro', 'false') +
    element('presenceNiveauNumeriqueEuro', 'false') +
    nil('scoring') +
    nil('mentionValidee') +
    `<cpf:modalitesInscription>${element('modaliteAcces', p.modaliteAcces)}</cpf:modalitesInscription>` +
    '<cpf:identificationTitulaire><cpf:titulaire>' +
    element('nomNaissance', p.nomNaissance) +
    (p.nomUsage ? element('nomUsage', p.nomUsage) : nil('nomUsage')) +
    p.givenNames.map((name, i) => element(`prenom${i + 1}`, name)).join('') +
    element('anneeNaissance', year) +
    element('moisNaissance', month) +
    element('jourNaissance', day) +
    element('sexe', p.sex) +
    `<cpf:codeCommuneNaissance>${birthPlace}</cpf:codeCommuneNaissance>` +
    optional('libelleCommuneNaissance', p.birthCommune) +
    optional('codePaysNaissance', p.birthCountryCode ?? abroadCountry) +
    optional('libellePaysNaissance', p.birthCountry) +
    '</cpf:titulaire></cpf:identificationTitulaire>' +
    '</cpf:passageCertification>\n'
  );
}

/** An instant as the file's horodatage: Paris local time with its offset, e.g. 2026-11-30T10:43:27+01:00. */
export function parisTimestamp(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMinutes = Math.round((local - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hours}:${minutes}`;
}
