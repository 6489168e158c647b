import { useState } from 'react';
import { api, getAll } from '../../api';
import { Field, FormProblem, TextField, useApiForm } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorMessage, Link, Loading, useLoad } from '../../ui';
import { CertificationField, useSheet, useUsersWithRole } from './shared';

interface JurySession {
  id: string;
  certificationCode: string;
  heldOn: string;
  closedAt: string | null;
  members: { id: string; fullName: string; role: string }[];
}

const MEMBER_ROLES = ['external_professional', 'certifier_management', 'pedagogical_lead', 'national_certification_lead', 'other'];

interface MemberInput {
  key: number;
  fullName: string;
  role: string;
  external: boolean;
  userId: string;
}

export function JurySessionsScreen() {
  const i18n = useI18n();
  const sessions = useLoad(() => getAll<JurySession>('/api/jury-sessions'), []);
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{i18n.t('adminJurySessions')}</h1>
      {!sessions.data ? (
        sessions.error ? (
          <ErrorMessage error={sessions.error} onRetry={sessions.reload} />
        ) : (
          <Loading />
        )
      ) : sessions.data.length === 0 ? (
        <p>{i18n.t('noSessions')}</p>
      ) : (
        <ul className="plain-list">
          {sessions.data.map((session) => (
            <li key={session.id}>
              <Link to={`/jury/${session.id}`}>
                {i18n.t('sessionOf', { date: i18n.day(session.heldOn), code: session.certificationCode })}
              </Link>{' '}
              — {session.members.map((member) => member.fullName).join(', ')}{' '}
              <span className={`badge ${session.closedAt ? 'badge-closed' : 'badge-open'}`}>
                {session.closedAt ? i18n.t('sessionClosed') : i18n.t('sessionOpen')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <JurySessionForm onCreated={sessions.reload} />
    </section>
  );
}

/** A session with its members; the certification's composition rule is shown, the API refuses a jury that breaks it. */
function JurySessionForm({ onCreated }: { onCreated: () => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const jurors = useUsersWithRole('jury_member');
  const [certificationCode, setCertificationCode] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [place, setPlace] = useState('');
  const firstMember: MemberInput = { key: 0, fullName: '', role: 'external_professional', external: true, userId: '' };
  const [members, setMembers] = useState<MemberInput[]>([firstMember]);
  const [created, setCreated] = useState<JurySession | null>(null);
  const sheet = useSheet(certificationCode);
  const rules = [
    ...new Set(
      sheet.data?.accessRoutes.flatMap((route) => (route.open && route.juryComposition ? [route.juryComposition.description] : [])),
    ),
  ];
  const update = (key: number, change: Partial<MemberInput>) =>
    setMembers(members.map((member) => (member.key === key ? { ...member, ...change } : member)));
  const send = async () => {
    setCreated(null);
    const session = await api.post<JurySession>('/api/jury-sessions', {
      certificationCode: certificationCode.trim().toUpperCase(),
      heldOn,
      ...(place.trim() ? { place: place.trim() } : {}),
      members: members.map((member) => ({
        fullName: member.fullName.trim(),
        role: member.role,
        external: member.external,
        ...(member.userId ? { userId: member.userId } : {}),
      })),
    });
    setCreated(session);
    // A new blank form: pressing the button again must not create the same session twice.
    setCertificationCode('');
    setHeldOn('');
    setPlace('');
    setMembers([firstMember]);
    onCreated();
  };
  const errors = members.map((_, index) => ({
    fullName: form.fieldError(`members[${index}].fullName`),
    role: form.fieldError(`members[${index}].role`),
    external: form.fieldError(`members[${index}].external`),
    userId: form.fieldError(`members[${index}].userId`),
  }));
  const membersError = form.fieldError('members');
  return (
    <section aria-labelledby="new-session-title">
      <h2 id="new-session-title">{i18n.t('newJurySession')}</h2>
      {created && (
        <p className="alert alert-success" role="status">
          {i18n.t('sessionCreated')}{' '}
          <Link to={`/jury/${created.id}`}>{i18n.t('sessionOf', { date: i18n.day(created.heldOn), code: created.certificationCode })}</Link>
        </p>
      )}
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)}>
        <div className="form-grid">
          <CertificationField
            id="session-certification"
            value={certificationCode}
            onChange={setCertificationCode}
            error={form.fieldError('certificationCode')}
          />
          <TextField
            id="session-held-on"
            type="date"
            label={i18n.t('heldOn')}
            value={heldOn}
            onChange={setHeldOn}
            error={form.fieldError('heldOn')}
            required
          />
          <TextField id="session-place" label={i18n.t('sittingPlace')} value={place} onChange={setPlace} error={form.fieldError('place')} />
        </div>
        {rules.map((rule) => (
          <p key={rule} className="alert alert-info composition-rule">
            {i18n.t('compositionRule')} {rule}
          </p>
        ))}
        <fieldset>
          <legend>{i18n.t('members')}</legend>
          {membersError && <p className="field-error">{membersError}</p>}
          {members.map((member, index) => {
            const label = (text: string) => `${text} — ${i18n.t('memberN', { n: index + 1 })}`;
            return (
              <div className="member-row" key={member.key}>
                <TextField
                  id={`member-${member.key}-name`}
                  label={label(i18n.t('fullName'))}
                  value={member.fullName}
                  onChange={(fullName) => update(member.key, { fullName })}
                  error={errors[index].fullName}
                  required
                />
                <Field id={`member-${member.key}-role`} label={label(i18n.t('memberRole'))} error={errors[index].role}>
                  {(control) => (
                    <select {...control} value={member.role} onChange={(event) => update(member.key, { role: event.target.value })}>
                      {MEMBER_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {i18n.tv('memberRole', role)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <div className="field field-check">
                  <input
                    id={`member-${member.key}-external`}
                    type="checkbox"
                    checked={member.external}
                    aria-invalid={errors[index].external ? true : undefined}
                    onChange={(event) => update(member.key, { external: event.target.checked })}
                  />
                  <label htmlFor={`member-${member.key}-external`}>{label(i18n.t('externalMember'))}</label>
                  {errors[index].external && <p className="field-error">{errors[index].external}</p>}
                </div>
                <Field id={`member-${member.key}-user`} label={label(i18n.t('memberAccount'))} error={errors[index].userId}>
                  {(control) => (
                    <select
                      {...control}
                      value={member.userId}
                      onChange={(event) => {
                        const userId = event.target.value;
                        // Choosing the account fills in an empty name with the account's.
                        const user = jurors.data?.find((candidate) => candidate.id === userId);
                        update(member.key, { userId, ...(user && !member.fullName.trim() ? { fullName: user.displayName } : {}) });
                      }}
                    >
                      <option value="">{i18n.t('noMemberAccount')}</option>
                      {jurors.data?.map((user) => (
                        <option key={user.id} value={user.id}>
                          {user.displayName} ({user.email})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {members.length > 1 && (
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => setMembers(members.filter((candidate) => candidate.key !== member.key))}
                  >
                    {label(i18n.t('remove'))}
                  </button>
                )}
              </div>
            );
          })}
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              setMembers([
                ...members,
                {
                  key: Math.max(...members.map((m) => m.key)) + 1,
                  fullName: '',
                  role: 'external_professional',
                  external: false,
                  userId: '',
                },
              ])
            }
          >
            {i18n.t('addMember')}
          </button>
        </fieldset>
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('createJurySession')}
          </button>
        </p>
      </form>
    </section>
  );
}
