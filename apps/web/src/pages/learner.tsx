import { api, getAll, User } from '../api';
import { useI18n } from '../i18n';
import { formatInstant } from '../jury-day-i18n';
import { ErrorMessage, Loading, useLoad } from '../ui';

interface ModalityProgress {
  id: string;
  kind: string;
  latestScore: number | null;
  latestOutcome: 'passed' | 'failed' | null;
  attempts: number;
}

interface BlockProgress {
  code: string;
  title: string;
  status: 'not_started' | 'in_progress' | 'pending_jury' | 'acquired' | 'not_acquired';
  proposal: 'acquired' | 'not_acquired' | 'incomplete';
  mark: number | null;
  acquiredOn: string | null;
  source: string | null;
  missingModalities: string[];
  modalities: ModalityProgress[];
}

interface CertificationProgress {
  code: string;
  title: string;
  eligible: boolean;
  awardedOn: string | null;
  missingBlocks: string[];
  blocks: BlockProgress[];
}

interface SheetModality {
  id: string;
  label: string;
  passMark: number;
  eliminatoryFloor?: number | null;
}

interface Sheet {
  code: string;
  blocks: { code: string; modalities: SheetModality[] }[];
}

interface Evaluation {
  id: string;
  modalityId: string;
  blockCode: string;
  occurredOn: string;
  score: number | null;
  outcome: 'passed' | 'failed' | null;
  attempt: number;
}

interface Credential {
  id: string;
  reference: string;
  kind: 'block' | 'certification';
  certificationCode: string;
  blockCode: string | null;
  blockTitle: string | null;
  certificationTitle: string;
  awardedOn: string;
  status: 'active' | 'revoked';
  revokedAt: string | null;
  links: { self: string; pdf: string; verification: string };
}

/** A jury's decision concerning the learner, with the day it sat and when its minutes were signed. */
interface LearnerDecision {
  id: string;
  certificationCode: string;
  blockCode: string | null;
  decision: string;
  supersedesDecisionId: string | null;
  heldOn: string;
  sessionClosed: boolean;
  minutesSignedAt: string | null;
}

interface LearnerData {
  certifications: CertificationProgress[];
  labels: Map<string, SheetModality>;
  evaluations: Evaluation[];
  credentials: Credential[];
  decisions: LearnerDecision[];
}

async function loadLearnerData(user: User): Promise<LearnerData> {
  const [progress, evaluations, credentials, decisions] = await Promise.all([
    api.get<{ certifications: CertificationProgress[] }>('/api/me/progress'),
    user.learnerId ? getAll<Evaluation>(`/api/learners/${user.learnerId}/evaluations`) : Promise.resolve([]),
    api.get<Credential[]>('/api/me/credentials'),
    user.learnerId ? api.get<LearnerDecision[]>(`/api/learners/${user.learnerId}/decisions`) : Promise.resolve([]),
  ]);
  // The sheets name each assessment ("Epreuve d'anglais professionnel orale") and give its pass mark.
  const sheets = await Promise.all(progress.certifications.map((c) => api.get<Sheet>(`/api/certifications/${encodeURIComponent(c.code)}`)));
  const labels = new Map<string, SheetModality>();
  for (const sheet of sheets) for (const block of sheet.blocks) for (const modality of block.modalities) labels.set(modality.id, modality);
  // A corrected decision gives way to its correction.
  const superseded = new Set(decisions.map((d) => d.supersedesDecisionId));
  const current = decisions.filter((d) => !superseded.has(d.id)).sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  return { certifications: progress.certifications, labels, evaluations, credentials, decisions: current };
}

/** The modalities whose latest result fails: below the pass mark or the eliminatory floor, or failed. */
function failedModalities(block: BlockProgress, labels: Map<string, SheetModality>): string[] {
  return block.modalities
    .filter((modality) => {
      if (modality.latestOutcome) return modality.latestOutcome === 'failed';
      const sheet = labels.get(modality.id);
      if (modality.latestScore === null || !sheet) return false;
      return modality.latestScore < sheet.passMark || (sheet.eliminatoryFloor != null && modality.latestScore < sheet.eliminatoryFloor);
    })
    .map((modality) => labels.get(modality.id)?.label ?? modality.kind);
}

export function LearnerPage({ user }: { user: User }) {
  const i18n = useI18n();
  const { data, error, reload } = useLoad(() => loadLearnerData(user), [user.id]);
  if (!data) return error ? <ErrorMessage error={error} onRetry={reload} /> : <Loading />;
  const label = (modalityId: string) => data.labels.get(modalityId)?.label ?? modalityId;

  return (
    <div className="learner">
      <h1>{i18n.t('myProgress')}</h1>
      <ErrorMessage error={error} onRetry={reload} />
      {data.certifications.length === 0 && <p>{i18n.t('noCertification')}</p>}
      {data.certifications.map((certification) => (
        <section key={certification.code} className="certification" aria-labelledby={`cert-${certification.code}`}>
          <h2 id={`cert-${certification.code}`}>
            {certification.title} <span className="code">({certification.code})</span>
          </h2>
          <p className={certification.awardedOn || certification.eligible ? 'alert alert-success' : 'alert alert-info'}>
            {certification.awardedOn
              ? i18n.t('awardedOn', { date: i18n.day(certification.awardedOn) })
              : certification.eligible
                ? i18n.t('eligible')
                : i18n.t('notEligible', { blocks: certification.missingBlocks.join(', ') })}
          </p>
          <h3>{i18n.t('blocks')}</h3>
          <ul className="blocks">
            {certification.blocks.map((block) => {
              const failed = failedModalities(block, data.labels);
              return (
                <li key={block.code} className={`block block-${block.status}`} data-block={block.code}>
                  <div className="block-head">
                    <span className="block-code">{block.code}</span>
                    <span className={`badge badge-${block.status}`}>{i18n.tv('status', block.status)}</span>
                  </div>
                  <p className="block-title">{block.title}</p>
                  {block.status === 'acquired' && block.acquiredOn && (
                    <p>{i18n.t('acquiredOnBy', { date: i18n.day(block.acquiredOn), source: i18n.tv('source', block.source ?? '') })}</p>
                  )}
                  {block.status === 'pending_jury' && (
                    <p>{i18n.t(block.proposal === 'acquired' ? 'proposalAcquired' : 'proposalNotAcquired')}</p>
                  )}
                  {block.status !== 'acquired' && block.mark !== null && <p>{i18n.t('mark', { mark: i18n.mark(block.mark) })}</p>}
                  {block.status !== 'acquired' && block.missingModalities.length > 0 && (
                    <p>{i18n.t('missing', { list: block.missingModalities.map(label).join(', ') })}</p>
                  )}
                  {block.status !== 'acquired' && failed.length > 0 && <p>{i18n.t('failed', { list: failed.join(', ') })}</p>}
                </li>
              );
            })}
          </ul>
          <JuryDecisions decisions={data.decisions.filter((d) => d.certificationCode === certification.code)} />
        </section>
      ))}
      <section aria-labelledby="results-title">
        <h2 id="results-title">{i18n.t('results')}</h2>
        {data.evaluations.length === 0 ? (
          <p>{i18n.t('noResults')}</p>
        ) : (
          <div className="table-scroll">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">{i18n.t('block')}</th>
                  <th scope="col">{i18n.t('assessment')}</th>
                  <th scope="col">{i18n.t('date')}</th>
                  <th scope="col">{i18n.t('result')}</th>
                  <th scope="col">{i18n.t('attempt')}</th>
                </tr>
              </thead>
              <tbody>
                {[...data.evaluations]
                  .sort(
                    (a, b) => a.blockCode.localeCompare(b.blockCode) || a.occurredOn.localeCompare(b.occurredOn) || a.attempt - b.attempt,
                  )
                  .map((evaluation) => (
                    <tr key={evaluation.id}>
                      <td data-label={i18n.t('block')}>{evaluation.blockCode}</td>
                      <td data-label={i18n.t('assessment')}>{label(evaluation.modalityId)}</td>
                      <td data-label={i18n.t('date')}>{i18n.day(evaluation.occurredOn)}</td>
                      <td data-label={i18n.t('result')}>
                        {evaluation.score !== null ? i18n.mark(evaluation.score) : i18n.tv('outcome', evaluation.outcome ?? '')}
                      </td>
                      <td data-label={i18n.t('attempt')}>
                        {evaluation.attempt === 1 ? i18n.t('firstAttempt') : i18n.t('attemptN', { n: evaluation.attempt })}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="credentials-title">
        <h2 id="credentials-title">{i18n.t('credentials')}</h2>
        {data.credentials.length === 0 ? (
          <p>{i18n.t('noCredentials')}</p>
        ) : (
          <ul className="credentials">
            {data.credentials.map((credential) => (
              <li key={credential.id} className={credential.status === 'revoked' ? 'revoked' : undefined}>
                <p>
                  <strong>
                    {credential.kind === 'block'
                      ? i18n.t('credentialBlock', { code: credential.blockCode ?? '' })
                      : i18n.t('credentialCertification', { code: credential.certificationCode })}
                  </strong>{' '}
                  — {credential.reference}, {i18n.day(credential.awardedOn)}
                  {credential.revokedAt && <> — {i18n.t('revokedOn', { date: i18n.day(credential.revokedAt) })}</>}
                </p>
                <p className="actions">
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => void api.download(credential.links.pdf, `${credential.reference}.pdf`)}
                  >
                    {i18n.t('downloadPdf')}
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => void api.download(credential.links.self, `${credential.reference}.json`)}
                  >
                    {i18n.t('downloadBadge')}
                  </button>
                  <a href={credential.links.verification} target="_blank" rel="noopener">
                    {i18n.t('verificationPage')}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The jury's decisions on a certification: what, on which day the jury sat, and once signed, when its minutes were. */
function JuryDecisions({ decisions }: { decisions: LearnerDecision[] }) {
  const i18n = useI18n();
  if (decisions.length === 0) return null;
  return (
    <>
      <h3>{i18n.t('juryDecisions')}</h3>
      <ul className="jury-decisions">
        {decisions.map((decision) => (
          <li key={decision.id} data-decision={decision.blockCode ?? decision.certificationCode}>
            {i18n.t('juryDecisionLine', {
              what: decision.blockCode ?? i18n.t('certification'),
              decision: i18n.tv('decision', decision.decision),
              date: i18n.day(decision.heldOn),
            })}
            {decision.minutesSignedAt
              ? `, ${i18n.t('minutesSignedOnShort', { date: formatInstant(decision.minutesSignedAt, i18n.locale, false) })}`
              : decision.sessionClosed
                ? `, ${i18n.t('minutesNotSignedYet')}`
                : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
