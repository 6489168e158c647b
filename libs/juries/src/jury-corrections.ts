import { DomainError, DomainErrorCode } from '@project/domain';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, mapJuryDecision } from './dto/jury-decision.dto';
import { JuriesRepository, SessionRecord } from './juries.repository';

/** Rule 9: a correction is a new decision, in a later session, on the same learner and block. */
export async function correctedDecision(
  juries: JuriesRepository,
  manager: EntityManager,
  session: SessionRecord,
  learnerId: string,
  blockCode: string | null,
  id: string,
): Promise<JuryDecisionDto> {
  const prior = await juries.findDecisionForCorrection(manager, id);
  const reject = (message: string) =>
    new DomainError(DomainErrorCode.RuleViolation, `supersedesDecisionId: ${message}`, {
      errors: [{ field: 'supersedesDecisionId', message }],
    });
  // Corrected by a later session of the same jury organisation (a certifier corrects its network's decisions).
  if (!prior || prior.sessionOrganisationId !== session.organisationId) throw reject('no such decision');
  if (prior.learnerId !== learnerId || prior.blockCode !== blockCode)
    throw reject('a correction concerns the same learner and the same block (or award)');
  if (prior.jurySessionId === session.id || prior.sessionHeldOn > session.heldOn) throw reject('a correction is made by a later session');
  if (!prior.sessionClosed) throw reject('only a decision of a closed session is corrected; change it in its own session');
  if (prior.supersededByDecisionId) {
    throw new DomainError(DomainErrorCode.Conflict, `Decision ${id} was already corrected by ${prior.supersededByDecisionId}`);
  }
  return mapJuryDecision(prior);
}
