import { FormEvent, useState } from 'react';
import { api, getAll } from '../../api';
import { Field, FormProblem, TextField, useApiForm } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorMessage, Link, Loading, navigate, useLoad } from '../../ui';
import { AccountFields, CertificationField, Cohort, Learner, UserAccount, today, usePaged, useSheet } from './shared';

export function LearnersScreen({ learnerId }: { learnerId?: string }) {
  return learnerId ? <LearnerDetail learnerId={learnerId} /> : <LearnerList />;
}

function LearnerList() {
  const i18n = useI18n();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const learners = usePaged<Learner>(`/api/learners?limit=50${query ? `&search=${encodeURIComponent(query)}` : ''}`);
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(search.trim());
  };
  return (
    <section aria-labelledby="learners-title">
      <h1 id="learners-title">{i18n.t('adminLearners')}</h1>
      <form role="search" className="actions" onSubmit={onSearch}>
        <label htmlFor="learner-search" className="visually-hidden">
          {i18n.t('searchLearner')}
        </label>
        <input
          id="learner-search"
          type="search"
          value={search}
          placeholder={i18n.t('searchLearner')}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button-secondary">
          {i18n.t('search')}
        </button>
      </form>
      {learners.error !== undefined && <ErrorMessage error={learners.error} onRetry={learners.reload} />}
      {!learners.data ? (
        !learners.error && <Loading />
      ) : learners.items.length === 0 ? (
        <p>{i18n.t('noLearner')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{i18n.t('learner')}</th>
                <th scope="col">{i18n.t('email')}</th>
                <th scope="col">{i18n.t('birthDate')}</th>
              </tr>
            </thead>
            <tbody>
              {learners.items.map((learner) => (
                <tr key={learner.id}>
                  <th scope="row">
                    <Link to={`/admin/apprenants/${learner.id}`}>
                      {learner.lastName} {learner.firstName}
                    </Link>
                  </th>
                  <td>{learner.email}</td>
                  <td>{learner.birthDate ? i18n.day(learner.birthDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {learners.hasMore && (
        <button type="button" className="button-secondary" onClick={() => void learners.loadMore()}>
          {i18n.t('showMore')}
        </button>
      )}
      <LearnerForm onSaved={(learner) => navigate(`/admin/apprenants/${learner.id}`)} />
    </section>
  );
}

/** Creates a learner, or edits one (only the fields changed are sent). */
function LearnerForm({ learner, onSaved }: { learner?: Learner; onSaved: (learner: Learner) => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const [values, setValues] = useState({
    firstName: learner?.firstName ?? '',
    lastName: learner?.lastName ?? '',
    email: learner?.email ?? '',
    birthDate: learner?.birthDate ?? '',
    birthName: learner?.birthName ?? '',
  });
  const [saved, setSaved] = useState(false);
  const set = (name: keyof typeof values) => (value: string) => {
    setSaved(false);
    setValues({ ...values, [name]: value });
  };
  const send = async () => {
    const body: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      const before = learner ? (learner[name as keyof Learner] ?? '') : '';
      if (value.trim() !== '' && value !== before) body[name] = value.trim();
    }
    const result = learner ? await api.patch<Learner>(`/api/learners/${learner.id}`, body) : await api.post<Learner>('/api/learners', body);
    setSaved(true);
    onSaved(result);
  };
  const prefix = learner ? 'edit-learner' : 'new-learner';
  return (
    <section aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{learner ? i18n.t('editLearner') : i18n.t('newLearner')}</h2>
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)} className="form-grid">
        <TextField
          id={`${prefix}-first-name`}
          label={i18n.t('firstName')}
          value={values.firstName}
          onChange={set('firstName')}
          error={form.fieldError('firstName')}
          required
        />
        <TextField
          id={`${prefix}-last-name`}
          label={i18n.t('lastName')}
          value={values.lastName}
          onChange={set('lastName')}
          error={form.fieldError('lastName')}
          required
        />
        <TextField
          id={`${prefix}-email`}
          type="email"
          label={i18n.t('email')}
          value={values.email}
          onChange={set('email')}
          error={form.fieldError('email')}
          required
        />
        <TextField
          id={`${prefix}-birth-date`}
          type="date"
          label={i18n.t('birthDate')}
          value={values.birthDate}
          onChange={set('birthDate')}
          error={form.fieldError('birthDate')}
        />
        <TextField
          id={`${prefix}-birth-name`}
          label={i18n.t('birthName')}
          value={values.birthName}
          onChange={set('birthName')}
          error={form.fieldError('birthName')}
        />
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {learner ? i18n.t('save') : i18n.t('createLearner')}
          </button>
          {saved && learner && (
            <span role="status" className="muted">
              {i18n.t('saved')}
            </span>
          )}
        </p>
      </form>
    </section>
  );
}

interface Enrolment {
  id: string;
  certificationCode: string;
  accessRoute: string;
  cohortId: string | null;
  startedOn: string;
  jobSeeker: boolean;
}

function LearnerDetail({ learnerId }: { learnerId: string }) {
  const i18n = useI18n();
  const loaded = useLoad(async () => {
    const [learner, enrolments, cohorts, users] = await Promise.all([
      api.get<Learner>(`/api/learners/${learnerId}`),
      getAll<Enrolment>(`/api/learners/${learnerId}/enrolments`),
      getAll<Cohort>('/api/cohorts'),
      getAll<UserAccount>('/api/users'),
    ]);
    return { learner, enrolments, cohorts, account: users.find((user) => user.learnerId === learnerId) };
  }, [learnerId]);
  if (!loaded.data) return loaded.error ? <ErrorMessage error={loaded.error} onRetry={loaded.reload} /> : <Loading />;
  const { learner, enrolments, cohorts, account } = loaded.data;
  const cohortName = (id: string | null) => cohorts.find((cohort) => cohort.id === id)?.name ?? '—';
  return (
    <div>
      <p>
        <Link to="/admin/apprenants">{i18n.t('allLearners')}</Link>
      </p>
      <h1>
        {learner.firstName} {learner.lastName}
      </h1>
      <LearnerForm key={learner.id} learner={learner} onSaved={loaded.reload} />
      <section aria-labelledby="enrolments-title">
        <h2 id="enrolments-title">{i18n.t('enrolments')}</h2>
        {enrolments.length === 0 ? (
          <p>{i18n.t('noEnrolment')}</p>
        ) : (
          <ul className="plain-list">
            {enrolments.map((enrolment) => (
              <li key={enrolment.id}>
                <strong>{enrolment.certificationCode}</strong> — {i18n.tv('route', enrolment.accessRoute)} —{' '}
                {cohortName(enrolment.cohortId)} — {i18n.t('startedOn', { date: i18n.day(enrolment.startedOn) })}
              </li>
            ))}
          </ul>
        )}
        <EnrolmentForm learnerId={learner.id} cohorts={cohorts} onEnrolled={loaded.reload} />
      </section>
      <section aria-labelledby="account-title">
        <h2 id="account-title">{i18n.t('learnerAccount')}</h2>
        {account ? (
          <p>{i18n.t('accountOf', { email: account.email })}</p>
        ) : (
          <LearnerAccountForm learner={learner} onCreated={loaded.reload} />
        )}
      </section>
    </div>
  );
}

/** Enrols the learner in a certification by one of the access routes its sheet opens, in a cohort or not. */
function EnrolmentForm({ learnerId, cohorts, onEnrolled }: { learnerId: string; cohorts: Cohort[]; onEnrolled: () => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const [cohortId, setCohortId] = useState('');
  const [certificationCode, setCertificationCode] = useState('');
  const [accessRoute, setAccessRoute] = useState('');
  const [startedOn, setStartedOn] = useState(today());
  const [jobSeeker, setJobSeeker] = useState(false);
  const sheet = useSheet(certificationCode);
  const openRoutes = sheet.data?.accessRoutes.filter((route) => route.open) ?? [];
  const send = async () => {
    await api.post(`/api/learners/${learnerId}/enrolments`, {
      certificationCode: certificationCode.trim().toUpperCase(),
      accessRoute,
      startedOn,
      jobSeeker,
      ...(cohortId ? { cohortId } : {}),
    });
    setCohortId('');
    setAccessRoute('');
    onEnrolled();
  };
  return (
    <>
      <h3>{i18n.t('enrol')}</h3>
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)} className="form-grid">
        <Field id="enrol-cohort" label={i18n.t('cohortOptional')} error={form.fieldError('cohortId')}>
          {(control) => (
            <select
              {...control}
              value={cohortId}
              onChange={(event) => {
                setCohortId(event.target.value);
                const cohort = cohorts.find((candidate) => candidate.id === event.target.value);
                if (cohort) setCertificationCode(cohort.certificationCode);
              }}
            >
              <option value="">{i18n.t('withoutCohort')}</option>
              {cohorts.map((cohort) => (
                <option key={cohort.id} value={cohort.id}>
                  {cohort.name} ({cohort.certificationCode})
                </option>
              ))}
            </select>
          )}
        </Field>
        <CertificationField
          id="enrol-certification"
          value={certificationCode}
          onChange={setCertificationCode}
          error={form.fieldError('certificationCode')}
        />
        <Field
          id="enrol-route"
          label={i18n.t('accessRoute')}
          error={form.fieldError('accessRoute')}
          hint={sheet.data ? undefined : i18n.t('accessRouteHint')}
        >
          {(control) => (
            <select
              {...control}
              required
              value={accessRoute}
              disabled={openRoutes.length === 0}
              onChange={(event) => setAccessRoute(event.target.value)}
            >
              <option value="">—</option>
              {openRoutes.map((route) => (
                <option key={route.route} value={route.route}>
                  {i18n.tv('route', route.route)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          id="enrol-started-on"
          type="date"
          label={i18n.t('startedOnLabel')}
          value={startedOn}
          onChange={setStartedOn}
          error={form.fieldError('startedOn')}
          required
        />
        <div className="field field-check">
          <input id="enrol-job-seeker" type="checkbox" checked={jobSeeker} onChange={(event) => setJobSeeker(event.target.checked)} />
          <label htmlFor="enrol-job-seeker">{i18n.t('jobSeeker')}</label>
        </div>
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('enrolSubmit')}
          </button>
        </p>
      </form>
    </>
  );
}

/** The learner's sign-in account (learner role, linked to the record): they then see "Mon parcours". */
function LearnerAccountForm({ learner, onCreated }: { learner: Learner; onCreated: () => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const [email, setEmail] = useState(learner.email);
  const [password, setPassword] = useState('');
  const send = async () => {
    await api.post('/api/users', {
      email,
      password,
      displayName: `${learner.firstName} ${learner.lastName}`,
      roles: ['learner'],
      learnerId: learner.id,
    });
    onCreated();
  };
  return (
    <>
      <p className="muted">{i18n.t('noAccount')}</p>
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)} className="form-grid">
        <AccountFields
          prefix="account"
          email={email}
          onEmail={setEmail}
          password={password}
          onPassword={setPassword}
          fieldError={(field) => form.fieldError(field)}
        />
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('createAccount')}
          </button>
        </p>
      </form>
    </>
  );
}
