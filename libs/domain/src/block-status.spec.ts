import { blockStatus, type BlockStatus, type BlockStatusInput } from './block-status';

describe('blockStatus (progress)', () => {
  it.each<[string, BlockStatusInput, BlockStatus]>([
    ['no result yet', { held: false, proposal: 'incomplete', hasResults: false, lastDecision: null }, 'not_started'],
    ['some modalities assessed', { held: false, proposal: 'incomplete', hasResults: true, lastDecision: null }, 'in_progress'],
    ['all results in, proposed acquired', { held: false, proposal: 'acquired', hasResults: true, lastDecision: null }, 'pending_jury'],
    [
      'all results in, proposed not acquired',
      { held: false, proposal: 'not_acquired', hasResults: true, lastDecision: null },
      'pending_jury',
    ],
    [
      'deferred by a jury: back before a jury',
      { held: false, proposal: 'acquired', hasResults: true, lastDecision: 'deferred' },
      'pending_jury',
    ],
    ['deferred while incomplete', { held: false, proposal: 'incomplete', hasResults: true, lastDecision: 'deferred' }, 'in_progress'],
    [
      'not validated by the jury',
      { held: false, proposal: 'not_acquired', hasResults: true, lastDecision: 'not_validated' },
      'not_acquired',
    ],
    [
      'not validated, then a resit completes the block',
      { held: false, proposal: 'acquired', hasResults: true, lastDecision: 'not_validated', hasResultsAfterLastDecision: true },
      'pending_jury',
    ],
    [
      'not validated, a resit under way',
      { held: false, proposal: 'incomplete', hasResults: true, lastDecision: 'not_validated', hasResultsAfterLastDecision: true },
      'in_progress',
    ],
    ['held by a jury decision', { held: true, proposal: 'acquired', hasResults: true, lastDecision: 'validated' }, 'acquired'],
    [
      'held by VAE or equivalence without any result',
      { held: true, proposal: 'incomplete', hasResults: false, lastDecision: null },
      'acquired',
    ],
    [
      'held even though a later jury refused it (capitalised)',
      { held: true, proposal: 'not_acquired', hasResults: true, lastDecision: 'not_validated' },
      'acquired',
    ],
  ])('%s', (_name, input, expected) => {
    expect(blockStatus(input)).toBe(expected);
  });
});
