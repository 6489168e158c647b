import { DomainError, DomainErrorCode } from './domain-error';
import { StandingForDecision, weighDecision } from './weigh-decision';

const session = { certificationCode: 'RNCP41296', heldOn: '2026-06-30', registrationEndsOn: '2027-01-01' };
const block = (code: string, over: Partial<StandingForDecision['blocks'][number]> = {}) => ({
  code,
  held: false,
  source: null,
  acquiredOn: null,
  proposal: 'acquired' as const,
  mark: 14,
  ...over,
});
const standing = (over: Partial<StandingForDecision> = {}): StandingForDecision => ({
  blocks: [block('RNCP41296BC01'), block('RNCP41296BC02', { proposal: 'not_acquired', mark: 8 })],
  eligible: false,
  missingBlocks: ['RNCP41296BC01', 'RNCP41296BC02'],
  awardedOn: null,
  ...over,
});

function refusal(run: () => unknown): DomainErrorCode {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('weighDecision', () => {
  it.each([
    ['validated', 'RNCP41296BC01', false],
    ['not_validated', 'RNCP41296BC01', true],
    ['validated', 'RNCP41296BC02', true],
    ['not_validated', 'RNCP41296BC02', false],
    ['deferred', 'RNCP41296BC02', false],
  ] as const)('weighs %s on %s against the block proposal (departs: %s)', (decision, code, departs) => {
    const weighed = weighDecision(session, standing(), code, decision, null);
    expect(weighed).toEqual({ proposal: code.endsWith('1') ? 'acquired' : 'not_acquired', mark: code.endsWith('1') ? 14 : 8, departs });
  });

  it('keeps a held block acquired unless the decision that validated it is being corrected (rule 3)', () => {
    const held = standing({ blocks: [block('RNCP41296BC01', { held: true, source: 'jury', acquiredOn: '2025-06-30' })] });
    expect(refusal(() => weighDecision(session, held, 'RNCP41296BC01', 'not_validated', null))).toBe(DomainErrorCode.InvalidState);
    expect(weighDecision(session, held, 'RNCP41296BC01', 'validated', null).departs).toBe(false);
    expect(weighDecision(session, held, 'RNCP41296BC01', 'not_validated', 'validated').departs).toBe(true);
  });

  it('refuses a block outside the certification', () => {
    expect(refusal(() => weighDecision(session, standing(), 'RNCP41296BC09', 'validated', null))).toBe(DomainErrorCode.RuleViolation);
  });

  it('awards only an eligible learner (rule 4), naming the missing blocks', () => {
    expect(() => weighDecision(session, standing(), null, 'awarded', null)).toThrow(/missing blocks RNCP41296BC01, RNCP41296BC02/);
    expect(refusal(() => weighDecision(session, standing(), null, 'awarded', null))).toBe(DomainErrorCode.NotEligible);
    expect(weighDecision(session, standing({ eligible: true, missingBlocks: [] }), null, 'awarded', null)).toEqual({
      proposal: 'eligible',
      mark: null,
      departs: false,
    });
  });

  it('awards only while the certification is registered (rule 7)', () => {
    const ended = { ...session, registrationEndsOn: '2026-01-01' };
    expect(refusal(() => weighDecision(ended, standing({ eligible: true }), null, 'awarded', null))).toBe(
      DomainErrorCode.RegistrationEnded,
    );
  });

  it('awards once, unless a correction replaces the award', () => {
    const awarded = standing({ eligible: true, missingBlocks: [], awardedOn: '2026-01-15' });
    expect(refusal(() => weighDecision(session, awarded, null, 'awarded', null))).toBe(DomainErrorCode.Conflict);
    expect(weighDecision(session, awarded, null, 'awarded', 'awarded').proposal).toBe('eligible');
  });

  it('refusing an eligible learner departs from the proposal; refusing one who is not eligible does not', () => {
    expect(weighDecision(session, standing({ eligible: true }), null, 'refused', null)).toEqual({
      proposal: 'eligible',
      mark: null,
      departs: true,
    });
    expect(weighDecision(session, standing(), null, 'refused', null)).toEqual({ proposal: 'not_eligible', mark: null, departs: false });
  });
});
