import { useState } from 'react';
import { api, getAll } from '../../api';
import { Field, FormProblem, TextField, useApiForm } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorMessage, Link, Loading, navigate, useLoad } from '../../ui';
import { CertificationField, Cohort, UserAccount, useUsersWithRole } from './shared';

export function CohortsScreen({ cohortId }: { cohortId?: string }) {
  return cohortId ? <CohortDetail cohortId={cohortId} /> : <CohortList />;
}

function CohortList() {
  const i18n = useI18n();
  const cohorts = useLoad(() => getAll<Cohort>('/api/cohorts'), []);
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">{i18n.t('adminCohorts')}</h1>
      {!cohorts.data ? (
        cohorts.error ? (
          <ErrorMessage error={cohorts.error} onRetry={cohorts.reload} />
        ) : (
          <Loading />
        )
      ) : cohorts.data.length === 0 ? (
        <p>{i18n.t('noCohort')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{i18n.t('cohort')}</th>
                <th scope="col">{i18n.t('certification')}</th>
                <th scope="col">{i18n.t('period')}</th>
                <th scope="col">{i18n.t('trainers')}</th>
                <th scope="col">{i18n.t('enrolledCount')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.data.map((cohort) => (
                <tr key={cohort.id}>
                  <th scope="row">
                    <Link to={`/admin/promotions/${cohort.id}`}>{cohort.name}</Link>
                  </th>
                  <td>{cohort.certificationCode}</td>
                  <td>{i18n.t('fromTo', { from: i18n.day(cohort.startsOn), to: i18n.day(cohort.endsOn) })}</td>
                  <td>{cohort.trainers.map((trainer) => trainer.displayName).join(', ') || '—'}</td>
                  <td>{cohort.enrolmentCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CohortForm onCreated={(cohort) => navigate(`/admin/promotions/${cohort.id}`)} />
    </section>
  );
}

function CohortForm({ onCreated }: { onCreated: (cohort: Cohort) => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const trainers = useUsersWithRole('trainer');
  const [name, setName] = useState('');
  const [certificationCode, setCertificationCode] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [trainerUserIds, setTrainerUserIds] = useState<string[]>([]);
  const send = async () =>
    onCreated(
      await api.post<Cohort>('/api/cohorts', {
        name: name.trim(),
        certificationCode: certificationCode.trim().toUpperCase(),
        startsOn,
        endsOn,
        trainerUserIds,
      }),
    );
  const trainersError = form.fieldError('trainerUserIds');
  return (
    <section aria-labelledby="new-cohort-title">
      <h2 id="new-cohort-title">{i18n.t('newCohort')}</h2>
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)} className="form-grid">
        <TextField id="cohort-name" label={i18n.t('cohortName')} value={name} onChange={setName} error={form.fieldError('name')} required />
        <CertificationField
          id="cohort-certification"
          value={certificationCode}
          onChange={setCertificationCode}
          error={form.fieldError('certificationCode')}
        />
        <TextField
          id="cohort-starts-on"
          type="date"
          label={i18n.t('startsOn')}
          value={startsOn}
          onChange={setStartsOn}
          error={form.fieldError('startsOn')}
          required
        />
        <TextField
          id="cohort-ends-on"
          type="date"
          label={i18n.t('endsOn')}
          value={endsOn}
          onChange={setEndsOn}
          error={form.fieldError('endsOn')}
          required
        />
        <fieldset aria-describedby={trainersError ? 'cohort-trainers-error' : undefined}>
          <legend>{i18n.t('trainers')}</legend>
          {trainers.data?.length === 0 && <p className="muted">{i18n.t('noTrainer')}</p>}
          {trainers.data?.map((trainer) => (
            <div className="field-check" key={trainer.id}>
              <input
                id={`cohort-trainer-${trainer.id}`}
                type="checkbox"
                checked={trainerUserIds.includes(trainer.id)}
                onChange={(event) =>
                  setTrainerUserIds(
                    event.target.checked ? [...trainerUserIds, trainer.id] : trainerUserIds.filter((id) => id !== trainer.id),
                  )
                }
              />
              <label htmlFor={`cohort-trainer-${trainer.id}`}>
                {trainer.displayName} ({trainer.email})
              </label>
            </div>
          ))}
          {trainersError && (
            <p id="cohort-trainers-error" className="field-error">
              {trainersError}
            </p>
          )}
        </fieldset>
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('createCohort')}
          </button>
        </p>
      </form>
    </section>
  );
}

interface CohortEnrolment {
  id: string;
  learnerId: string;
  accessRoute: string;
  startedOn: string;
  learner: { firstName: string; lastName: string; email: string };
}

function CohortDetail({ cohortId }: { cohortId: string }) {
  const i18n = useI18n();
  const loaded = useLoad(
    () =>
      Promise.all([
        api.get<Cohort>(`/api/cohorts/${cohortId}`),
        getAll<CohortEnrolment>(`/api/cohorts/${cohortId}/enrolments`),
        getAll<UserAccount>('/api/users'),
      ]),
    [cohortId],
  );
  const form = useApiForm();
  const [trainerId, setTrainerId] = useState('');
  if (!loaded.data) return loaded.error ? <ErrorMessage error={loaded.error} onRetry={loaded.reload} /> : <Loading />;
  const [cohort, enrolments, users] = loaded.data;
  const candidates = users.filter(
    (user) => user.active && user.roles.includes('trainer') && !cohort.trainers.some((trainer) => trainer.id === user.id),
  );
  const change = (send: () => Promise<unknown>) =>
    void form.submit(async () => {
      await send();
      setTrainerId('');
      loaded.reload();
    })();
  return (
    <div>
      <p>
        <Link to="/admin/promotions">{i18n.t('allCohorts')}</Link>
      </p>
      <h1>
        {cohort.name} — {cohort.certificationCode}
      </h1>
      <p>{i18n.t('fromTo', { from: i18n.day(cohort.startsOn), to: i18n.day(cohort.endsOn) })}</p>
      <section aria-labelledby="trainers-title">
        <h2 id="trainers-title">{i18n.t('trainers')}</h2>
        <FormProblem form={form} />
        {cohort.trainers.length === 0 ? (
          <p>{i18n.t('noTrainerYet')}</p>
        ) : (
          <ul className="plain-list">
            {cohort.trainers.map((trainer) => (
              <li key={trainer.id}>
                {trainer.displayName} ({trainer.email}){' '}
                <button
                  type="button"
                  className="button-secondary"
                  disabled={form.busy}
                  aria-label={`${i18n.t('remove')} — ${trainer.displayName}`}
                  onClick={() => change(() => api.delete(`/api/cohorts/${cohort.id}/trainers/${trainer.id}`))}
                >
                  {i18n.t('remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="actions"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (trainerId) change(() => api.post(`/api/cohorts/${cohort.id}/trainers`, { userId: trainerId }));
          }}
        >
          <Field id="add-trainer" label={i18n.t('addTrainer')} error={form.fieldError('userId')}>
            {(control) => (
              <select {...control} value={trainerId} onChange={(event) => setTrainerId(event.target.value)}>
                <option value="">—</option>
                {candidates.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.displayName} ({user.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={form.busy || !trainerId}>
            {i18n.t('add')}
          </button>
        </form>
      </section>
      <section aria-labelledby="cohort-enrolments-title">
        <h2 id="cohort-enrolments-title">{i18n.t('enrolledLearners', { n: enrolments.length })}</h2>
        {enrolments.length === 0 ? (
          <p>{i18n.t('noEnrolledLearner')}</p>
        ) : (
          <ul className="plain-list">
            {enrolments.map((enrolment) => (
              <li key={enrolment.id}>
                <Link to={`/admin/apprenants/${enrolment.learnerId}`}>
                  {enrolment.learner.lastName} {enrolment.learner.firstName}
                </Link>{' '}
                — {i18n.tv('route', enrolment.accessRoute)} — {i18n.t('startedOn', { date: i18n.day(enrolment.startedOn) })}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{i18n.t('enrolFromLearner')}</p>
      </section>
    </div>
  );
}
