import {
  CERTIFICATION_CLOSING,
  FLUX_CLOSING,
  PassageFacts,
  certificationOpening,
  fluxOpening,
  parisTimestamp,
  passageXml,
  xmlText,
} from './flux-writer';
import { DEFAULT_CPF_XSD_PATH, XsdValidator } from './xsd-validator';

const header = {
  idFlux: '2f0b8e1c-7f43-4f7a-9e55-1a2b3c4d5e6f',
  horodatage: '2026-11-30T10:43:27+01:00',
  idClient: 'AB12CD34',
  idContrat: 'CTR-2026',
};
const passage: PassageFacts = {
  idTechnique: '8a1f7c2e-1111-4222-8333-944455556666',
  urlPreuve: 'https://competences.example.org/verify/0b1c',
  awardedOn: '2026-06-30',
  modaliteAcces: 'FORMATION_INITIALE_APPRENTISSAGE',
  nomNaissance: 'Moreau & Fils <SARL>',
  nomUsage: null,
  givenNames: ['Inès', 'Marie'],
  birthDate: '1990-04-12',
  sex: 'F',
  birthCommuneCode: '2A004',
  birthPostalCode: null,
  birthCommune: 'Ajaccio',
  birthCountryCode: null,
  birthCountry: null,
};
const file = (passages: string[]) =>
  fluxOpening(header) + certificationOpening('RNCP41296', 'CERTIFICATEUR') + passages.join('') + CERTIFICATION_CLOSING + FLUX_CLOSING;

describe('the CPF declaration file against the project XSD', () => {
  let validator: XsdValidator;
  beforeAll(async () => {
    validator = await XsdValidator.open(DEFAULT_CPF_XSD_PATH);
  });
  afterAll(() => validator.close());

  it('a file of passages in every shape (INSEE code, postal code, abroad, usage name, three first names) is valid', async () => {
    const xml = file([
      passageXml(passage),
      passageXml({ ...passage, idTechnique: 'b', urlPreuve: null, birthCommuneCode: null, birthPostalCode: '75011', nomUsage: 'Durand' }),
      passageXml({
        ...passage,
        idTechnique: 'c',
        birthCommuneCode: '99109',
        birthCountry: 'Allemagne',
        givenNames: ['A', 'B', 'C'],
        sex: 'M',
      }),
    ]);
    expect(await validator.validate(xml)).toEqual([]);
  });

  it('writes the elements in the documented order, with nil where the format wants it', () => {
    const xml = passageXml({ ...passage, birthCommuneCode: '99109' });
    const order = [...xml.matchAll(/<cpf:([A-Za-z0-9]+)/g)].map((m) => m[1]);
    expect(order).toEqual([
      'passageCertification',
      'idTechnique',
      'urlPreuve',
      'obtentionCertification',
      'donneeCertifiee',
      'dateDebutValidite',
      'dateFinValidite',
      'presenceNiveauLangueEuro',
      'presenceNiveauNumeriqueEuro',
      'scoring',
      'mentionValidee',
      'modalitesInscription',
      'modaliteAcces',
      'identificationTitulaire',
      'titulaire',
      'nomNaissance',
      'nomUsage',
      'prenom1',
      'prenom2',
      'anneeNaissance',
      'moisNaissance',
      'jourNaissance',
      'sexe',
      'codeCommuneNaissance',
      'codeInseeNaissance',
      'codeInsee',
      'libelleCommuneNaissance',
      'codePaysNaissance',
    ]);
    expect(xml).toContain('<cpf:dateFinValidite xsi:nil="true"/>');
    expect(xml).toContain('<cpf:codePaysNaissance>109</cpf:codePaysNaissance>');
    expect(xml).toContain('Moreau &amp; Fils &lt;SARL&gt;');
  });

  it.each<[string, (xml: string) => string]>([
    [
      'two elements swapped',
      (xml) => xml.replace(/(<cpf:anneeNaissance>.*?<\/cpf:anneeNaissance>)(<cpf:moisNaissance>.*?<\/cpf:moisNaissance>)/, '$2$1'),
    ],
    ['an unknown modaliteAcces', (xml) => xml.replace('FORMATION_INITIALE_APPRENTISSAGE', 'ALTERNANCE')],
    ['a client id of 7 characters', (xml) => xml.replace('AB12CD34', 'AB12CD3')],
    ['a horodatage without offset', (xml) => xml.replace('2026-11-30T10:43:27+01:00', '2026-11-30T10:43:27')],
    ['a missing sexe', (xml) => xml.replace('<cpf:sexe>F</cpf:sexe>', '')],
  ])('%s is refused', async (_name, spoil) => {
    const errors = await validator.validate(spoil(file([passageXml(passage)])));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toEqual(expect.any(String));
  });

  it('a malformed document is refused, not thrown', async () => {
    expect((await validator.validate('<cpf:flux')).length).toBeGreaterThan(0);
  });
});

describe('text and time', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(xmlText(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it.each([
    ['2026-11-30T09:43:27.500Z', '2026-11-30T10:43:27+01:00'],
    ['2026-07-01T21:59:00Z', '2026-07-01T23:59:00+02:00'],
    ['2026-03-29T01:30:00Z', '2026-03-29T03:30:00+02:00'],
  ])('%s in Paris is %s', (instant, expected) => {
    expect(parisTimestamp(new Date(instant))).toBe(expected);
  });
});
