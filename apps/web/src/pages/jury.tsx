import { FormEvent, useEffect, useState } from 'react';
import { api, ApiError, getAll } from '../api';
import { useI18n } from '../i18n';
import { ErrorMessage, ErrorText, Link, Loading, useLoad } from '../ui';
import { JuryMember, JuryNotSatYet, MemberLine, PresencePanel, SigningPanel, organisationToday } from './jury-day';

interface JurySession {
  id: string;
  certificationCode: string;
  heldOn: string;
  presenceRecordedAt: string | null;
  closedAt: string | null;
  members: JuryMember[];
}

interface Decision {
  id: string;
  enrolmentId: string;
  blockCode: string | null;
  decision: string;
  departsFromProposal: boolean;
  rationale: string | null;
}

interface BlockProposal {
  code: string;
  title: string;
  proposal: 'acquired' | 'not_acquired' | 'incomplete';
  mark: number | null;
  missingModalities: string[];
  held: boolean;
  acquiredOn: string | null;
}

interface Candidate {
  enrolmentId: string;
  firstName: string;
  lastName: string;
  eligible: boolean;
  missingBlocks: string[];
  awardedOn: string | null;
  composition: { satisfied: boolean; missing: { label: string; roles: string[]; required: number; present: number }[] };
  blocks: BlockProposal[];
  decisions: Decision[];
}

interface Sheet {
  blocks: { modalities: { id: string; label: string }[] }[];
}

/** The id of a candidate's element for one block (or the award): where the keyboard is sent. */
const cellId = (what: string, enrolmentId: string, blockCode: string | null) => `${what}-${enrolmentId}-${blockCode ?? 'award'}`;

/** The block decision that follows each proposal (any other departs from it and needs a rationale). */
const PROPOSED_DECISION: Record<string, string> = { acquired: 'validated', not_acquired: 'not_validated', incomplete: 'deferred' };

export function JuryPage({ sessionId }: { sessionId?: string }) {
  return sessionId ? <JurySessionScreen sessionId={sessionId} /> : <JurySessionList />;
}

function JurySessionList() {
  const i18n = useI18n();
  const { data, error, reload } = useLoad(() => getAll<JurySession>('/api/jury-sessions'), []);
  if (!data) return error ? <ErrorMessage error={error} onRetry={reload} /> : <Loading />;
  return (
    <div>
      <h1>{i18n.t('juryTitle')}</h1>
      {data.length === 0 ? (
        <p>{i18n.t('noSessions')}</p>
      ) : (
        <ul className="sessions">
          {data.map((session) => (
            <li key={session.id}>
              <Link to={`/jury/${session.id}`}>
                {i18n.t('sessionOf', { date: i18n.day(session.heldOn), code: session.certificationCode })}
              </Link>{' '}
              <span className={`badge ${session.closedAt ? 'badge-closed' : 'badge-open'}`}>
                {session.closedAt ? i18n.t('sessionClosed') : i18n.t('sessionOpen')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A decision being recorded: the one the API refused for want of a rationale keeps its form open. */
interface PendingDecision {
  enrolmentId: string;
  blockCode: string | null;
  decision: string;
  rationaleProblem?: string;
}

function JurySessionScreen({ sessionId }: { sessionId: string }) {
  const i18n = useI18n();
  const { data, error, reload } = useLoad(async () => {
    const [session, proposals, today] = await Promise.all([
      api.get<JurySession>(`/api/jury-sessions/${sessionId}`),
      api.get<{ candidates: Candidate[] }>(`/api/jury-sessions/${sessionId}/proposals`),
      organisationToday(),
    ]);
    const sheet = await api.get<Sheet>(`/api/certifications/${encodeURIComponent(session.certificationCode)}`);
    const labels = new Map(sheet.blocks.flatMap((block) => block.modalities.map((modality) => [modality.id, modality.label] as const)));
    return { session, candidates: proposals.candidates, labels, today };
  }, [sessionId]);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [rationale, setRationale] = useState('');
  const [actionError, setActionError] = useState<{ enrolmentId: string | null; error: unknown } | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [busy, setBusy] = useState(false);
  // Where the keyboard goes next (the rationale box, the decision just recorded, the confirmation): focused once shown.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    const element = focusTarget ? document.getElementById(focusTarget) : null;
    if (element) {
      element.focus();
      setFocusTarget(null);
    }
  }, [focusTarget, data, pending, confirmingClose]);

  if (!data) return error ? <ErrorMessage error={error} onRetry={reload} /> : <Loading />;
  const { session, candidates, labels, today } = data;
  const closed = session.closedAt !== null;
  // Presence, decisions and closing open on the day the jury sits (the API refuses them before, saying so).
  const sat = session.heldOn <= today;
  const missingRoles = [
    ...new Set(
      candidates.flatMap((candidate) =>
        candidate.composition.missing.map((missing) => `${missing.label} (${missing.present}/${missing.required})`),
      ),
    ),
  ];

  const decide = async (decision: PendingDecision, withRationale?: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await api.post(`/api/jury-sessions/${sessionId}/decisions`, {
        enrolmentId: decision.enrolmentId,
        ...(decision.blockCode ? { blockCode: decision.blockCode } : {}),
        decision: decision.decision,
        ...(withRationale ? { rationale: withRationale } : {}),
      });
      setPending(null);
      setRationale('');
      setFocusTarget(cellId('decided', decision.enrolmentId, decision.blockCode));
      reload();
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem?.code === 'rationale_required') {
        const fieldMessage = caught.problem.errors?.find((fieldError) => fieldError.field === 'rationale')?.message;
        setPending({ ...decision, rationaleProblem: caught.problem.detail ?? fieldMessage ?? '' });
        setFocusTarget(cellId('rationale', decision.enrolmentId, decision.blockCode));
      } else {
        setActionError({ enrolmentId: decision.enrolmentId, error: caught });
      }
    } finally {
      setBusy(false);
    }
  };

  const closeSession = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await api.post(`/api/jury-sessions/${sessionId}/close`);
      setConfirmingClose(false);
      reload();
    } catch (caught) {
      setActionError({ enrolmentId: null, error: caught });
    } finally {
      setBusy(false);
    }
  };

  const submitRationale = (event: FormEvent) => {
    event.preventDefault();
    if (pending) void decide(pending, rationale);
  };

  const recorded = (candidate: Candidate, blockCode: string | null) =>
    candidate.decisions.find((decision) => decision.blockCode === blockCode);

  const decisionCell = (
    candidate: Candidate,
    blockCode: string | null,
    choices: [string, 'validate' | 'notValidate' | 'defer' | 'award' | 'refuse'][],
    suggested: string,
  ) => {
    const done = recorded(candidate, blockCode);
    if (done) {
      return (
        <span id={cellId('decided', candidate.enrolmentId, blockCode)} tabIndex={-1}>
          <strong>{i18n.tv('decision', done.decision)}</strong>
          {done.departsFromProposal && done.rationale && (
            <span className="muted"> ({i18n.t('departure', { rationale: done.rationale })})</span>
          )}
        </span>
      );
    }
    if (closed || !sat) return <span className="muted">—</span>;
    if (pending?.rationaleProblem !== undefined && pending.enrolmentId === candidate.enrolmentId && pending.blockCode === blockCode)
      return null;
    const name = `${candidate.firstName} ${candidate.lastName}`;
    return (
      <span className="choices">
        {choices.map(([decision, label]) => (
          <button
            key={decision}
            type="button"
            // The decision that follows the proposal stands out; the others (departures) do not.
            className={decision === suggested ? undefined : 'button-secondary'}
            disabled={busy}
            aria-label={`${i18n.t(label)} — ${blockCode ?? i18n.t('certification')} — ${name}`}
            onClick={() => void decide({ enrolmentId: candidate.enrolmentId, blockCode, decision })}
          >
            {i18n.t(label)}
          </button>
        ))}
      </span>
    );
  };

  const rationaleForm = (candidate: Candidate, blockCode: string | null) =>
    pending &&
    pending.enrolmentId === candidate.enrolmentId &&
    pending.blockCode === blockCode &&
    pending.rationaleProblem !== undefined ? (
      <form className="rationale" onSubmit={submitRationale}>
        <label htmlFor={`rationale-${candidate.enrolmentId}-${blockCode ?? 'award'}`}>
          {i18n.t('rationale')} — {i18n.tv('decision', pending.decision)}
        </label>
        <textarea
          id={`rationale-${candidate.enrolmentId}-${blockCode ?? 'award'}`}
          value={rationale}
          required
          aria-invalid={true}
          aria-describedby={`rationale-error-${candidate.enrolmentId}-${blockCode ?? 'award'}`}
          onChange={(event) => setRationale(event.target.value)}
        />
        <p id={`rationale-error-${candidate.enrolmentId}-${blockCode ?? 'award'}`} className="field-error">
          {i18n.t('rationaleHelp')}
          {i18n.locale === 'en' && <> {pending.rationaleProblem}</>}
        </p>
        <p className="actions">
          <button type="submit" disabled={busy || rationale.trim() === ''}>
            {i18n.t('confirmDecision')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setPending(null)}>
            {i18n.t('cancel')}
          </button>
        </p>
      </form>
    ) : null;

  return (
    <div className="jury">
      <p>
        <Link to="/jury">← {i18n.t('backToSessions')}</Link>
      </p>
      <h1>{i18n.t('sessionOf', { date: i18n.day(session.heldOn), code: session.certificationCode })}</h1>
      {closed && <p className="alert alert-info">{i18n.t('sessionClosedOn', { date: i18n.day(session.closedAt!) })}</p>}
      {!closed && !sat && <JuryNotSatYet heldOn={session.heldOn} />}
      <section aria-labelledby="composition-title">
        <h2 id="composition-title">{i18n.t('composition')}</h2>
        <p className={missingRoles.length === 0 ? 'alert alert-success' : 'alert alert-warning'}>
          {missingRoles.length === 0 ? i18n.t('compositionOk') : i18n.t('compositionMissing', { roles: missingRoles.join(', ') })}
        </p>
        <ul className="members">
          {session.members.map((member) => (
            <li key={member.id}>
              <MemberLine member={member} session={session} />
            </li>
          ))}
        </ul>
      </section>
      {!closed && sat && <PresencePanel session={session} onSaved={reload} />}
      {closed && <SigningPanel sessionId={sessionId} heldOn={session.heldOn} />}
      <section aria-labelledby="candidates-title">
        <h2 id="candidates-title">{i18n.t('candidates')}</h2>
        {actionError?.enrolmentId === null && <ErrorMessage error={actionError.error} />}
        {candidates.length === 0 && <p>{i18n.t('noCandidates')}</p>}
        {candidates.map((candidate) => (
          <article key={candidate.enrolmentId} className="candidate" aria-labelledby={`candidate-${candidate.enrolmentId}`}>
            <h3 id={`candidate-${candidate.enrolmentId}`}>
              {candidate.firstName} {candidate.lastName}
            </h3>
            {actionError?.enrolmentId === candidate.enrolmentId && (
              <p className="alert alert-error" role="alert">
                <ErrorText error={actionError.error} />
              </p>
            )}
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('block')}</th>
                    <th scope="col">{i18n.t('proposal')}</th>
                    <th scope="col">{i18n.t('decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {candidate.blocks.map((block) => {
                    // A block this session validated is held now; only one held before is beyond deciding.
                    const heldBefore = block.held && !recorded(candidate, block.code);
                    return (
                      <tr key={block.code} data-block={block.code}>
                        <th scope="row">
                          {block.code}
                          <span className="block-title-small">{block.title}</span>
                        </th>
                        <td>
                          {heldBefore ? (
                            <span className="badge badge-acquired">
                              {i18n.t('held')}
                              {block.acquiredOn ? ` (${i18n.day(block.acquiredOn)})` : ''}
                            </span>
                          ) : (
                            <>
                              <span className={`badge badge-proposal-${block.proposal}`}>{i18n.tv('proposal', block.proposal)}</span>
                              {block.mark !== null && <> {i18n.mark(block.mark)}</>}
                              {block.missingModalities.length > 0 && (
                                <span className="missing">
                                  {i18n.t('missing', { list: block.missingModalities.map((id) => labels.get(id) ?? id).join(', ') })}
                                </span>
                              )}
                            </>
                          )}
                        </td>
                        <td>
                          {heldBefore ? (
                            <span className="muted">—</span>
                          ) : (
                            decisionCell(
                              candidate,
                              block.code,
                              [
                                ['validated', 'validate'],
                                ['not_validated', 'notValidate'],
                                ['deferred', 'defer'],
                              ],
                              PROPOSED_DECISION[block.proposal] ?? 'deferred',
                            )
                          )}
                          {rationaleForm(candidate, block.code)}
                        </td>
                      </tr>
                    );
                  })}
                  <tr className="award-row">
                    <th scope="row">{i18n.t('certification')}</th>
                    <td>
                      {candidate.awardedOn
                        ? i18n.t('awardedOn', { date: i18n.day(candidate.awardedOn) })
                        : candidate.eligible
                          ? i18n.t('eligibleShort')
                          : i18n.t('notEligibleShort', { blocks: candidate.missingBlocks.join(', ') })}
                    </td>
                    <td>
                      {decisionCell(
                        candidate,
                        null,
                        // Only an eligible candidate is awarded (the API refuses the others): the button is not offered.
                        candidate.eligible
                          ? [
                              ['awarded', 'award'],
                              ['refused', 'refuse'],
                            ]
                          : [['refused', 'refuse']],
                        candidate.eligible ? 'awarded' : 'refused',
                      )}
                      {rationaleForm(candidate, null)}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </article>
        ))}
      </section>
      {/* Once closed, the minutes are downloaded from the signing panel. */}
      {!closed && (
        <section className="session-actions" aria-label={i18n.t('closeSession')}>
          <p className="actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => void api.download(`/api/jury-sessions/${sessionId}/minutes.pdf`, `proces-verbal-${session.heldOn}.pdf`)}
            >
              {i18n.t('minutesPdf')}
            </button>
            {sat && !confirmingClose && (
              <button
                type="button"
                onClick={() => {
                  setConfirmingClose(true);
                  setFocusTarget('confirm-close');
                }}
              >
                {i18n.t('closeSession')}
              </button>
            )}
          </p>
          {confirmingClose && (
            <div className="confirm" role="alertdialog" aria-labelledby="close-confirm-text">
              <p id="close-confirm-text">{i18n.t('closeConfirm')}</p>
              <p className="actions">
                <button id="confirm-close" type="button" disabled={busy} onClick={() => void closeSession()}>
                  {i18n.t('confirmClose')}
                </button>
                <button type="button" className="button-secondary" onClick={() => setConfirmingClose(false)}>
                  {i18n.t('cancel')}
                </button>
              </p>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
