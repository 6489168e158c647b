import {
  AcquisitionSource,
  BlockDecision,
  BlockStatus,
  ModalityStanding,
  Proposal,
  ResultForProposal,
  blockStatus,
  checkEligibility,
  heldBlocks,
  proposeBlockOutcome,
} from '@project/domain';
import { StandingRow } from './standing.repository';

export interface BlockStanding {
  code: string;
  title: string;
  mandatory: boolean;
  status: BlockStatus;
  proposal: Proposal;
  mark: number | null;
  missingModalities: string[];
  held: boolean;
  acquiredOn: string | null;
  source: AcquisitionSource | null;
  /** The block actually acquired when held through an equivalence. */
  acquiredBlockCode: string | null;
  lastDecision: BlockDecision | null;
  modalities: ModalityStanding[];
}

export interface CertificationStanding {
  learnerId: string;
  code: string;
  title: string;
  registrationEndsOn: string | null;
  eligible: boolean;
  awardedOn: string | null;
  missingBlocks: string[];
  blocks: BlockStanding[];
  enrolments: StandingRow['enrolments'];
}

/**
 * A learner's results may span several enrolments of the same certification, each numbering its own
 * attempts from 1: renumber them per modality in enrolment order, so "the latest attempt" (rule 2) is
 * the learner's latest, whatever the enrolment.
 */
function learnerAttempts(results: StandingRow['results']): ResultForProposal[] {
  const sorted = [...results].sort(
    (a, b) =>
      a.modalityId.localeCompare(b.modalityId) ||
      a.enrolmentStartedOn.localeCompare(b.enrolmentStartedOn) ||
      a.enrolmentId.localeCompare(b.enrolmentId) ||
      a.attempt - b.attempt,
  );
  const counters = new Map<string, number>();
  return sorted.map((r) => {
    const attempt = (counters.get(r.modalityId) ?? 0) + 1;
    counters.set(r.modalityId, attempt);
    return { modalityId: r.modalityId, attempt, score: r.score, outcome: r.outcome, occurredOn: r.occurredOn };
  });
}

/** Applies the pure rules (proposal, capitalisation, status, eligibility) to rows loaded in one statement. */
export function assessStanding(row: StandingRow): CertificationStanding {
  const results = learnerAttempts(row.results);
  const held = heldBlocks(row.acquisitions, row.equivalences);
  const blocks = row.blocks.map((block): BlockStanding => {
    const outcome = proposeBlockOutcome({ passMark: block.passMark, modalities: block.modalities.map((m) => ({ ...m })) }, results);
    const modalityIds = new Set(block.modalities.map((m) => m.id));
    const own = results.filter((r) => modalityIds.has(r.modalityId));
    const decisions = row.decisions.filter((d) => d.blockCode === block.code);
    const last = decisions[decisions.length - 1];
    const holding = held.get(block.code);
    return {
      code: block.code,
      title: block.title,
      mandatory: block.mandatory,
      status: blockStatus({
        held: holding !== undefined,
        proposal: outcome.proposal,
        hasResults: own.length > 0,
        lastDecision: (last?.decision as BlockDecision | undefined) ?? null,
        hasResultsAfterLastDecision: last !== undefined && own.some((r) => r.occurredOn > last.heldOn),
      }),
      proposal: outcome.proposal,
      mark: outcome.mark,
      missingModalities: outcome.missingModalities,
      held: holding !== undefined,
      acquiredOn: holding?.acquiredOn ?? null,
      source: holding?.source ?? null,
      acquiredBlockCode: holding?.acquiredBlockCode ?? null,
      lastDecision: (last?.decision as BlockDecision | undefined) ?? null,
      modalities: outcome.modalities,
    };
  });
  const eligibility = checkEligibility(
    { completionRule: row.completionRule, blocks: row.blocks.map((b) => ({ code: b.code, mandatory: b.mandatory })) },
    held,
  );
  const awards = row.decisions.filter((d) => d.blockCode === null && d.decision === 'awarded');
  return {
    learnerId: row.learnerId,
    code: row.code,
    title: row.title,
    registrationEndsOn: row.registrationEndsOn,
    eligible: eligibility.eligible,
    awardedOn: awards[0]?.heldOn ?? null,
    missingBlocks: eligibility.missingBlocks,
    blocks,
    enrolments: row.enrolments,
  };
}
