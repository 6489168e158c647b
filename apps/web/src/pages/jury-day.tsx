// The jury's day on the session screen (issue 15): before the day, when it sits; on the day, who sat (presence and
// replacements); once closed, the minutes' signing — each member who sat downloads the closed version, the browser
// computes its SHA-256, and the member signs that fingerprint.

import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, getAll, Role, SessionExpiredError } from '../api';
import { I18n, useI18n } from '../i18n';
import { JuryDayKey, formatInstant, todayIn } from '../jury-day-i18n';
import type { Locale } from '../format';
import { Field } from '../forms';
import { fieldMessage } from '../problems';
import { ErrorMessage, ErrorText, Loading, useLoad } from '../ui';

const JURY_ROLES = ['external_professional', 'certifier_management', 'pedagogical_lead', 'national_certification_lead', 'other'];

export interface JuryMember {
  id: string;
  fullName: string;
  role: string;
  external: boolean;
  userId: string | null;
  president: boolean;
  /** Null until presence is recorded (the listed members then count as present). */
  present: boolean | null;
  /** False for a replacement added on the day. */
  listed: boolean;
  replacesMemberId: string | null;
}

export interface JurySessionOfTheDay {
  id: string;
  heldOn: string;
  presenceRecordedAt: string | null;
  closedAt: string | null;
  members: JuryMember[];
}

/** The organisation's time zone once read: times on screen are those of the minutes, whatever the browser's zone. */
let organisationTimeZone: string | undefined;
const instant = (iso: string, locale: Locale, withTime = true) => formatInstant(iso, locale, withTime, organisationTimeZone);

/** Today in the organisation's time zone, where the jury's day counts (the browser's own if it cannot be read). */
export async function organisationToday(): Promise<string> {
  const user = api.user;
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (user) {
    try {
      timeZone = (await api.get<{ timeZone: string }>(`/api/organisations/${user.organisationId}`)).timeZone;
      organisationTimeZone = timeZone;
    } catch {
      // The browser's zone: the API still refuses anything before the day, with its reason.
    }
  }
  return todayIn(timeZone);
}

/**
 * Moves the focus to an element once the render that shows it is committed (the control pressed may be gone):
 * `focusAfterRender(id)` in an event handler.
 */
function useFocusAfterRender(): (id: string) => void {
  const [target, setTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (target) document.getElementById(target.id)?.focus();
  }, [target]);
  return useCallback((id: string) => setTarget({ id }), []);
}

/** The jury's day's own refusals as a sentence naming the date or the version; null for the others. */
function juryDaySentence(error: unknown, i18n: I18n, heldOn: string): string | null {
  if (error instanceof ApiError && error.problem?.code === 'jury_not_sat_yet') return i18n.t('juryNotSatYet', { date: i18n.day(heldOn) });
  if (error instanceof ApiError && error.problem?.code === 'minutes_fingerprint_mismatch') return i18n.t('fingerprintMismatch');
  return null;
}

/** The presence's refusals the API words for each field, in the reader's language (the API's own otherwise). */
const PRESENCE_FIELD_MESSAGES: [RegExp, JuryDayKey][] = [
  [/^that member is present/, 'presenceReplacedPresent'],
  [/^that member is already replaced/, 'presenceAlreadyReplaced'],
  [/^not a listed member/, 'presenceNotListed'],
  [/^listed twice/, 'presenceListedTwice'],
  [/^the same user sits only once/, 'presenceUserTwice'],
  [/^the user does not have the jury_member role/, 'presenceNotJuryMember'],
];

function presenceFieldMessage(message: string, i18n: I18n): string {
  const known = PRESENCE_FIELD_MESSAGES.find(([pattern]) => pattern.test(message));
  return known ? i18n.t(known[1]) : fieldMessage(message, i18n.locale);
}

/** What the API refused beside the member or replacement concerned. */
function Remarks({ messages }: { messages: string[] }) {
  return messages.length === 0 ? null : <span className="field-error"> {messages.join(' ')}</span>;
}

function JuryDayError({ error, heldOn }: { error: unknown; heldOn: string }) {
  const i18n = useI18n();
  if (!error || error instanceof SessionExpiredError) return null;
  return (
    <p className="alert alert-error" role="alert">
      {juryDaySentence(error, i18n, heldOn) ?? <ErrorText error={error} />}
    </p>
  );
}

/** Before the day: when the jury sits, and that deciding opens then. */
export function JuryNotSatYet({ heldOn }: { heldOn: string }) {
  const i18n = useI18n();
  return <p className="alert alert-info">{i18n.t('juryNotSatYet', { date: i18n.day(heldOn) })}</p>;
}

/** A member as the composition lists them: name, capacity, and whether they sat. */
export function MemberLine({ member, session }: { member: JuryMember; session: JurySessionOfTheDay }) {
  const i18n = useI18n();
  const replaced = member.replacesMemberId ? session.members.find((m) => m.id === member.replacesMemberId) : undefined;
  const tags = [
    member.president ? i18n.t('memberPresident') : null,
    member.present === null ? null : i18n.t(member.present ? 'memberPresent' : 'memberAbsent'),
    member.listed ? null : replaced ? i18n.t('memberReplaces', { name: replaced.fullName }) : i18n.t('memberReplacement'),
  ].filter((tag): tag is string => tag !== null);
  return (
    <>
      {member.fullName} — {i18n.tv('juryRole', member.role)}
      {tags.length > 0 && (
        <span className={member.present === false ? 'member-tags member-absent' : 'member-tags'}> ({tags.join(', ')})</span>
      )}
    </>
  );
}

interface ReplacementDraft {
  fullName: string;
  role: string;
  external: boolean;
  userId?: string;
  replacesMemberId?: string;
}

interface UserRow {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  active?: boolean;
}

const EMPTY_DRAFT: ReplacementDraft = { fullName: '', role: 'external_professional', external: false };

function presenceOf(session: JurySessionOfTheDay) {
  return {
    present: new Set(session.members.filter((m) => m.listed && m.present !== false).map((m) => m.id)),
    replacements: session.members
      .filter((m) => !m.listed)
      .map((m): ReplacementDraft => ({
        fullName: m.fullName,
        role: m.role,
        external: m.external,
        ...(m.userId ? { userId: m.userId } : {}),
        ...(m.replacesMemberId ? { replacesMemberId: m.replacesMemberId } : {}),
      })),
  };
}

/** On the day: who of the listed members sat, and who replaced whom. */
export function PresencePanel({ session, onSaved }: { session: JurySessionOfTheDay; onSaved: () => void }) {
  const i18n = useI18n();
  const isAdmin = api.user?.roles.includes('admin') ?? false;
  // Only an admin reads the accounts: a replacement linked to one signs the minutes in the app.
  const accounts = useLoad(
    async () => (isAdmin ? (await getAll<UserRow>('/api/users')).filter((u) => u.roles.includes('jury_member') && u.active !== false) : []),
    [isAdmin],
  );
  const [state, setState] = useState(() => presenceOf(session));
  const [draft, setDraft] = useState<ReplacementDraft>(EMPTY_DRAFT);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const focusAfterRender = useFocusAfterRender();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const listed = session.members.filter((m) => m.listed);
  const nameOf = (id: string | undefined) => listed.find((m) => m.id === id)?.fullName;

  const toggle = (id: string, present: boolean) => {
    setSaved(false);
    setState((previous) => {
      const next = new Set(previous.present);
      if (present) next.add(id);
      else next.delete(id);
      return { ...previous, present: next };
    });
  };

  const addReplacement = () => {
    if (draft.fullName.trim() === '') {
      setDraftError(i18n.t('replacementNameRequired'));
      document.getElementById('replacement-name')?.focus();
      return;
    }
    setSaved(false);
    setDraftError(null);
    setState((previous) => ({ ...previous, replacements: [...previous.replacements, { ...draft, fullName: draft.fullName.trim() }] }));
    setDraft(EMPTY_DRAFT);
    setAdding(false);
    // Back to the button that opened the form, which is still there.
    focusAfterRender('replacement-toggle');
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const recorded = await api.post<JurySessionOfTheDay>(`/api/jury-sessions/${session.id}/presence`, {
        present: listed.filter((m) => state.present.has(m.id)).map((m) => m.id),
        replacements: state.replacements,
      });
      setState(presenceOf(recorded));
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const problemErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  // The refusals of one member or replacement (`replacements[0].replacesMemberId`…), in the reader's language.
  const remarksOf = (prefix: string) =>
    problemErrors.filter((e) => e.field === prefix || e.field.startsWith(`${prefix}.`)).map((e) => presenceFieldMessage(e.message, i18n));

  return (
    <section className="presence panel" aria-labelledby="presence-title">
      <h2 id="presence-title">{i18n.t('presenceTitle')}</h2>
      <p className={session.presenceRecordedAt ? 'alert alert-success' : 'alert alert-info'}>
        {session.presenceRecordedAt
          ? i18n.t('presenceRecordedAt', { date: instant(session.presenceRecordedAt, i18n.locale) })
          : i18n.t('presenceNotRecorded')}
      </p>
      <p>{i18n.t('presenceHelp')}</p>
      <fieldset>
        <legend>{i18n.t('listedMembers')}</legend>
        {listed.map((member, i) => (
          <div key={member.id} className="field-check">
            <input
              type="checkbox"
              id={`present-${member.id}`}
              checked={state.present.has(member.id)}
              onChange={(event) => toggle(member.id, event.target.checked)}
            />
            <label htmlFor={`present-${member.id}`}>
              {member.fullName} — {i18n.tv('juryRole', member.role)}
              {member.president && ` (${i18n.t('memberPresident')})`}
            </label>
            <Remarks messages={remarksOf(`present[${i}]`)} />
          </div>
        ))}
      </fieldset>
      <h3>{i18n.t('replacements')}</h3>
      {state.replacements.length === 0 ? (
        <p className="muted">{i18n.t('noReplacement')}</p>
      ) : (
        <ul className="replacements">
          {state.replacements.map((replacement, i) => (
            <li key={`${replacement.fullName}-${i}`}>
              {replacement.fullName} — {i18n.tv('juryRole', replacement.role)}
              {replacement.replacesMemberId && (
                <> — {i18n.t('memberReplaces', { name: nameOf(replacement.replacesMemberId) ?? '' })}</>
              )}{' '}
              <button
                type="button"
                className="button-secondary"
                aria-label={i18n.t('removeReplacement', { name: replacement.fullName })}
                onClick={() => {
                  setSaved(false);
                  setState((previous) => ({ ...previous, replacements: previous.replacements.filter((_, j) => j !== i) }));
                }}
              >
                {i18n.t('replacementRemove')}
              </button>
              <Remarks messages={remarksOf(`replacements[${i}]`)} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <button
          type="button"
          id="replacement-toggle"
          className="button-secondary"
          aria-expanded={adding}
          aria-controls="replacement-form"
          onClick={() => {
            setAdding(!adding);
            setDraftError(null);
            if (!adding) focusAfterRender('replacement-name');
          }}
        >
          {i18n.t('newReplacement')}
        </button>
      </p>
      {adding && (
        <fieldset className="replacement-form" id="replacement-form">
          <legend>{i18n.t('newReplacement')}</legend>
          <div className="fields">
            <Field id="replacement-name" label={i18n.t('replacementFullName')} error={draftError ?? undefined}>
              {(control) => (
                <input
                  {...control}
                  autoComplete="off"
                  value={draft.fullName}
                  onChange={(event) => {
                    setDraft({ ...draft, fullName: event.target.value });
                    setDraftError(null);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      addReplacement();
                    }
                  }}
                />
              )}
            </Field>
            <Field id="replacement-role" label={i18n.t('replacementRole')}>
              {(control) => (
                <select {...control} value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value })}>
                  {JURY_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {i18n.tv('juryRole', role)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="replacement-replaces" label={i18n.t('replaces')}>
              {(control) => (
                <select
                  {...control}
                  value={draft.replacesMemberId ?? ''}
                  onChange={(event) => setDraft({ ...draft, replacesMemberId: event.target.value || undefined })}
                >
                  <option value="">{i18n.t('replacesNobody')}</option>
                  {listed
                    .filter((m) => !state.present.has(m.id))
                    .map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.fullName}
                      </option>
                    ))}
                </select>
              )}
            </Field>
            {isAdmin && accounts.data && accounts.data.length > 0 && (
              <Field id="replacement-account" label={i18n.t('replacementAccount')}>
                {(control) => (
                  <select
                    {...control}
                    value={draft.userId ?? ''}
                    onChange={(event) => setDraft({ ...draft, userId: event.target.value || undefined })}
                  >
                    <option value="">{i18n.t('replacementNoAccount')}</option>
                    {accounts.data!.map((account) => (
                      <option key={account.id} value={account.id}>
                        {account.displayName} ({account.email})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <div className="field-check">
              <input
                type="checkbox"
                id="replacement-external"
                checked={draft.external}
                onChange={(event) => setDraft({ ...draft, external: event.target.checked })}
              />
              <label htmlFor="replacement-external">{i18n.t('replacementExternal')}</label>
            </div>
          </div>
          {!isAdmin && <p className="muted field-hint">{i18n.t('replacementAccountHint')}</p>}
          <p className="actions">
            <button type="button" onClick={addReplacement}>
              {i18n.t('addReplacement')}
            </button>
          </p>
        </fieldset>
      )}
      <p className="actions">
        <button type="button" disabled={busy} onClick={() => void save()}>
          {i18n.t('savePresence')}
        </button>
        <span role="status">{saved ? i18n.t('presenceSaved') : ''}</span>
      </p>
      {problemErrors.length > 0 ? (
        <p className="alert alert-error" role="alert">
          {i18n.t('presenceRefused')}
        </p>
      ) : (
        <JuryDayError error={error} heldOn={session.heldOn} />
      )}
    </section>
  );
}

interface MinutesSigning {
  version: number;
  sha256: string;
  signatures: { memberId: string; fullName: string; role: string; president: boolean; signedAt: string; sha256: string }[];
  signed: boolean;
  signedAt: string | null;
  expectedSigners: { fullName: string; role: string }[];
  versions: { version: number; sha256: string; reason: string | null; createdAt: string; signedAt: string | null }[];
}

interface MinutesView {
  members: { id: string; fullName: string; role: string; userId: string | null; present: boolean }[];
  signing: MinutesSigning | null;
}

type SigningStep = { kind: 'idle' } | { kind: 'computing' } | { kind: 'read'; sha256: string; url: string };

/** SHA-256 of the bytes, in lowercase hexadecimal (as the API records fingerprints). */
async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The expected signers who have not signed yet (the API names them by name and role). */
function stillExpected(signing: MinutesSigning): { fullName: string; role: string }[] {
  const signatures = [...signing.signatures];
  return signing.expectedSigners.filter((expected) => {
    const i = signatures.findIndex((s) => s.fullName === expected.fullName && s.role === expected.role);
    if (i < 0) return true;
    signatures.splice(i, 1);
    return false;
  });
}

/** Once closed: the minutes' version and fingerprint, who signed, who is still expected, and the member's own signing. */
export function SigningPanel({ sessionId, heldOn }: { sessionId: string; heldOn: string }) {
  const i18n = useI18n();
  const { data, error, reload } = useLoad(() => api.get<MinutesView>(`/api/jury-sessions/${sessionId}/minutes`), [sessionId]);
  const [step, setStep] = useState<SigningStep>({ kind: 'idle' });
  const [confirmed, setConfirmed] = useState(false);
  const [signError, setSignError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const focusAfterRender = useFocusAfterRender();
  const downloadedUrl = step.kind === 'read' ? step.url : null;
  useEffect(() => () => void (downloadedUrl && URL.revokeObjectURL(downloadedUrl)), [downloadedUrl]);

  if (!data) return error ? <ErrorMessage error={error} onRetry={reload} /> : <Loading />;
  const signing = data.signing;
  if (!signing) return null;
  const me = data.members.find((m) => m.userId !== null && m.userId === api.user?.id);
  const mine = me && signing.signatures.find((s) => s.memberId === me.id);
  const pending = stillExpected(signing);
  const versionPath = (n: number) => `/api/jury-sessions/${sessionId}/minutes/versions/${n}`;
  const versionFile = (n: number) => `proces-verbal-${heldOn}-v${n}.pdf`;

  const download = async () => {
    setSignError(null);
    if (!globalThis.crypto?.subtle) {
      setSignError(i18n.t('noSubtleCrypto'));
      return;
    }
    setStep({ kind: 'computing' });
    try {
      const bytes = await api.bytes(versionPath(signing.version));
      const sha256 = await sha256Hex(bytes);
      setStep({ kind: 'read', sha256, url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })) });
      setConfirmed(false);
      // The button pressed is gone: on to the document downloaded.
      focusAfterRender('downloaded-minutes');
    } catch (caught) {
      setStep({ kind: 'idle' });
      setSignError(caught);
    }
  };

  const sign = async (sha256: string) => {
    setBusy(true);
    setSignError(null);
    try {
      await api.post(`/api/jury-sessions/${sessionId}/minutes/signatures`, { sha256 });
      setStep({ kind: 'idle' });
      reload();
      // The form is gone: back to the panel's heading, its status just below.
      focusAfterRender('signing-title');
    } catch (caught) {
      setSignError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="signing panel" aria-labelledby="signing-title">
      <h2 id="signing-title" tabIndex={-1}>
        {i18n.t('signingTitle')}
      </h2>
      <p className={signing.signed ? 'alert alert-success' : 'alert alert-warning'} role="status">
        {signing.signed
          ? i18n.t('minutesSignedOn', { date: instant(signing.signedAt ?? signing.signatures.at(-1)!.signedAt, i18n.locale) })
          : i18n.t('minutesAwaiting', {
              signed: signing.expectedSigners.length - pending.length,
              expected: signing.expectedSigners.length,
            })}
      </p>
      <dl className="minutes-facts">
        <dt>{i18n.t('minutesVersion', { n: signing.version })}</dt>
        <dd>
          <button
            type="button"
            className="button-secondary"
            onClick={() => void api.download(versionPath(signing.version), versionFile(signing.version))}
          >
            {i18n.t('downloadVersion', { n: signing.version })}
          </button>{' '}
          <span className="muted">{i18n.t('versionHelp')}</span>
        </dd>
        <dt>{i18n.t('fingerprint')}</dt>
        <dd>
          <code className="fingerprint">{signing.sha256}</code>
        </dd>
        <dt>{i18n.t('minutesToRead')}</dt>
        <dd>
          <button
            type="button"
            className="button-secondary"
            onClick={() => void api.download(`/api/jury-sessions/${sessionId}/minutes.pdf`, `proces-verbal-${heldOn}.pdf`)}
          >
            {i18n.t('minutesPdf')}
          </button>{' '}
          <span className="muted">{i18n.t('minutesToReadHelp')}</span>
        </dd>
      </dl>
      <h3>{i18n.t('signatures')}</h3>
      {signing.signatures.length === 0 ? (
        <p className="muted">{i18n.t('noSignature')}</p>
      ) : (
        <ul className="signatures">
          {signing.signatures.map((signature) => (
            <li key={signature.memberId}>
              <strong>{signature.fullName}</strong> — {i18n.tv('juryRole', signature.role)} —{' '}
              {i18n.t('signedOn', { date: instant(signature.signedAt, i18n.locale) })}
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <>
          <h3>{i18n.t('stillExpected')}</h3>
          <ul className="signatures-expected">
            {pending.map((signer, i) => (
              <li key={`${signer.fullName}-${i}`}>
                {signer.fullName} — {i18n.tv('juryRole', signer.role)}
              </li>
            ))}
          </ul>
        </>
      )}
      {me && !me.present && <p className="alert alert-info">{i18n.t('youAbsent')}</p>}
      {mine && (
        <p className="alert alert-success">{i18n.t('youSigned', { n: signing.version, date: instant(mine.signedAt, i18n.locale) })}</p>
      )}
      {me?.present && !mine && (
        <div className="sign-minutes">
          {step.kind !== 'read' && (
            <p className="actions">
              <button type="button" disabled={step.kind === 'computing'} onClick={() => void download()}>
                {i18n.t('signMinutes')}
              </button>
              <span role="status">{step.kind === 'computing' ? i18n.t('computingFingerprint', { n: signing.version }) : ''}</span>
            </p>
          )}
          {step.kind === 'read' && (
            <form
              className="confirm"
              onSubmit={(event) => {
                event.preventDefault();
                if (confirmed) void sign(step.sha256);
              }}
            >
              <p>
                <a id="downloaded-minutes" href={step.url} download={versionFile(signing.version)}>
                  {i18n.t('openDownloaded', { n: signing.version })}
                </a>
              </p>
              <p id="computed-fingerprint-label">{i18n.t('computedFingerprint')}</p>
              <p>
                <code className="fingerprint" aria-labelledby="computed-fingerprint-label">
                  {step.sha256}
                </code>
              </p>
              <p className={step.sha256 === signing.sha256 ? 'field-ok' : 'field-error'}>
                {i18n.t(step.sha256 === signing.sha256 ? 'fingerprintMatches' : 'fingerprintDiffers', { n: signing.version })}
              </p>
              <div className="field-check">
                <input type="checkbox" id="sign-confirm" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
                <label htmlFor="sign-confirm">{i18n.t('signConfirm', { n: signing.version })}</label>
              </div>
              <p className="actions">
                <button type="submit" disabled={busy || !confirmed}>
                  {i18n.t('confirmSign')}
                </button>
                <button type="button" className="button-secondary" onClick={() => setStep({ kind: 'idle' })}>
                  {i18n.t('cancel')}
                </button>
              </p>
            </form>
          )}
          {typeof signError === 'string' ? (
            <p className="alert alert-error" role="alert">
              {signError}
            </p>
          ) : (
            <JuryDayError error={signError} heldOn={heldOn} />
          )}
        </div>
      )}
      {signing.versions.length > 1 && (
        <>
          <h3>{i18n.t('versions')}</h3>
          <ul className="minutes-versions">
            {signing.versions.map((version) => (
              <li key={version.version}>
                <button
                  type="button"
                  className="button-link"
                  onClick={() => void api.download(versionPath(version.version), versionFile(version.version))}
                >
                  {i18n.t('versionOf', { n: version.version, date: instant(version.createdAt, i18n.locale, false) })}
                </button>{' '}
                — {version.signedAt ? i18n.t('versionSigned', { date: instant(version.signedAt, i18n.locale) }) : i18n.t('versionUnsigned')}
                {version.reason && <span className="muted"> — {version.reason}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
