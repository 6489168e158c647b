import { certificationDecisionDeparts, decisionDepartsFromProposal, rationaleRequired } from './decision-departure';
import type { BlockDecision, Proposal } from './vocabulary';

describe('decisionDepartsFromProposal (rule 1)', () => {
  it.each<[BlockDecision, Proposal, boolean]>([
    ['validated', 'acquired', false],
    ['validated', 'not_acquired', true],
    ['validated', 'incomplete', true],
    ['not_validated', 'acquired', true],
    ['not_validated', 'not_acquired', false],
    ['not_validated', 'incomplete', false],
    ['deferred', 'acquired', false],
    ['deferred', 'not_acquired', false],
    ['deferred', 'incomplete', false],
  ])('%s on a proposal %s departs: %s', (decision, proposal, departs) => {
    expect(decisionDepartsFromProposal(decision, proposal)).toBe(departs);
    expect(rationaleRequired(decision, proposal)).toBe(departs);
  });

  it('refusing an eligible learner departs; refusing a non-eligible one or awarding does not', () => {
    expect(certificationDecisionDeparts('refused', true)).toBe(true);
    expect(certificationDecisionDeparts('refused', false)).toBe(false);
    expect(certificationDecisionDeparts('awarded', true)).toBe(false);
  });
});
