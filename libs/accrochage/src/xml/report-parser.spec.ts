import { DomainErrorCode } from '@project/domain';
import { parseProcessingReport } from './report-parser';

const parse = (xml: string) => parseProcessingReport(Buffer.from(xml, 'utf8'));
const codeOf = (xml: string) => {
  try {
    parse(xml);
    return 'parsed';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe('parseProcessingReport', () => {
  it('reads accepted and rejected passages with their messages, whatever the prefix and whitespace', () => {
    const report = parse(`<?xml version="1.0" encoding="UTF-8"?>
      <ns2:accuseTraitement xmlns:ns2="urn:cdc:cpf:pc5:schema:1.0.0">
        <ns2:idFlux> F-1 </ns2:idFlux>
        <ns2:passagesOK>
          <ns2:passageOK><ns2:idTechnique>
             a1 </ns2:idTechnique></ns2:passageOK>
          <passageOK><idTechnique>a2</idTechnique></passageOK>
        </ns2:passagesOK>
        <ns2:passagesKO>
          <ns2:passageKO>
            <ns2:idTechnique>k1</ns2:idTechnique>
            <ns2:erreurs>
              <ns2:erreur>La date de naissance ne correspond pas</ns2:erreur>
              <ns2:erreur><ns2:code>E12</ns2:code><ns2:libelle><![CDATA[Commune <inconnue>]]></ns2:libelle></ns2:erreur>
            </ns2:erreurs>
          </ns2:passageKO>
        </ns2:passagesKO>
      </ns2:accuseTraitement>`);
    expect(report).toEqual({
      idFlux: 'F-1',
      accepted: ['a1', 'a2'],
      rejected: [{ idTechnique: 'k1', messages: ['La date de naissance ne correspond pas', 'E12 — Commune <inconnue>'] }],
    });
  });

  it('however much whitespace lies between passages', () => {
    const passages = Array.from({ length: 3000 }, (_, i) => `<passageOK>\n  <idTechnique>${i}</idTechnique>\n</passageOK>`).join('\n\n');
    expect(parse(`<r><passagesOK>${passages}</passagesOK></r>`).accepted).toHaveLength(3000);
  });

  it('refuses a value longer than 4,000 characters', () => {
    expect(codeOf(`<r><passagesOK><p><idTechnique>${'x'.repeat(4001)}</idTechnique></p></passagesOK></r>`)).toBe(
      DomainErrorCode.InvalidReport,
    );
  });

  it('even with an undeclared prefix', () => {
    expect(parse('<x:r><x:passagesOK><x:p><x:idTechnique>a</x:idTechnique></x:p></x:passagesOK></x:r>').accepted).toEqual(['a']);
  });

  it.each([
    ['malformed XML', '<r><passagesOK><p><idTechnique>a</idTechnique></p></passagesOK>', DomainErrorCode.UnreadableReport],
    ['not XML at all', 'PK\u0003\u0004 garbage', DomainErrorCode.UnreadableReport],
    [
      'an external entity (XXE)',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><passagesOK><p><idTechnique>&x;</idTechnique></p></passagesOK></r>',
      DomainErrorCode.UnreadableReport,
    ],
    [
      'entity expansion (billion laughs)',
      '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r><passagesOK><p><idTechnique>&b;</idTechnique></p></passagesOK></r>',
      DomainErrorCode.UnreadableReport,
    ],
    ['an undefined entity', '<r><passagesOK><p><idTechnique>&x;</idTechnique></p></passagesOK></r>', DomainErrorCode.UnreadableReport],
    ['a passage without idTechnique', '<r><passagesOK><p><id>a</id></p></passagesOK></r>', DomainErrorCode.InvalidReport],
    [
      'a passage with two',
      '<r><passagesOK><p><idTechnique>a</idTechnique><idTechnique>b</idTechnique></p></passagesOK></r>',
      DomainErrorCode.InvalidReport,
    ],
    [
      'an empty idTechnique',
      '<r><passagesKO><p><idTechnique> </idTechnique><erreur>x</erreur></p></passagesKO></r>',
      DomainErrorCode.InvalidReport,
    ],
    [
      'an id accepted and rejected',
      '<r><passagesOK><p><idTechnique>a</idTechnique></p></passagesOK><passagesKO><p><idTechnique>a</idTechnique><erreur>x</erreur></p></passagesKO></r>',
      DomainErrorCode.InvalidReport,
    ],
    ['no passage at all', '<r><idFlux>x</idFlux></r>', DomainErrorCode.InvalidReport],
    ['nesting 40 deep', '<a>'.repeat(40) + '</a>'.repeat(40), DomainErrorCode.UnreadableReport],
  ])('%s is refused with the right code', (_name, xml, code) => {
    expect(codeOf(xml)).toBe(code);
  });

  it('a rejection without a message keeps a placeholder message', () => {
    expect(parse('<r><passagesKO><p><idTechnique>a</idTechnique></p></passagesKO></r>').rejected).toEqual([
      { idTechnique: 'a', messages: ['Rejeté sans message'] },
    ]);
  });
});
