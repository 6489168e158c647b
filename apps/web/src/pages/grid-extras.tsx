import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { Field, FormProblem, useApiForm } from '../forms';
import { parseMark } from '../format';
import { useI18n } from '../i18n';
import { errorSentence } from '../ui';

export interface GridModality {
  id: string;
  label: string;
  mode: 'individual' | 'collective';
  grading?: 'score' | 'pass_fail';
}

export interface GridEvaluation {
  id: string;
  enrolmentId: string;
  modalityId: string;
  score: number | null;
  outcome: 'passed' | 'failed' | null;
  attempt: number;
}

export interface GridLearner {
  id: string;
  learner: { firstName: string; lastName: string };
}

export const learnerName = (enrolment: GridLearner) => `${enrolment.learner.lastName} ${enrolment.learner.firstName}`;

/**
 * One Idempotency-Key per send: kept when the send may have arrived (a network failure, a 409 or a 5xx), so the retry
 * is answered with the first outcome instead of recording twice; renewed after a success or a plain refusal.
 */
export function useIdempotencyKey() {
  const [key, setKey] = useState(() => crypto.randomUUID());
  return {
    key,
    settled(error?: unknown) {
      if (error === undefined || (error instanceof ApiError && error.status !== 409 && error.status < 500)) setKey(crypto.randomUUID());
    },
  };
}

/** A result the way the grid shows it: "14,5/20 · 1ᵉʳ passage". */
export function useResultText() {
  const i18n = useI18n();
  return (evaluation: GridEvaluation) =>
    `${evaluation.score !== null ? i18n.mark(evaluation.score) : i18n.tv('outcome', evaluation.outcome ?? '')} · ${
      evaluation.attempt === 1 ? i18n.t('firstAttempt') : i18n.t('attemptN', { n: evaluation.attempt })
    }`;
}

/** A mark (typed "14,5") or a pass/fail choice, as the modality is graded. */
function ResultInput(props: {
  id: string;
  label: string;
  modality: GridModality;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const i18n = useI18n();
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {(control) =>
        props.modality.grading === 'pass_fail' ? (
          <select {...control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
            <option value="">—</option>
            <option value="passed">{i18n.t('outcome_passed')}</option>
            <option value="failed">{i18n.t('outcome_failed')}</option>
          </select>
        ) : (
          <input
            {...control}
            className="mark"
            inputMode="decimal"
            autoComplete="off"
            value={props.value}
            onChange={(event) => props.onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}

/** The body's score or outcome for what was typed, or undefined when it is no valid result. */
function resultBody(modality: GridModality, value: string): { score: number } | { outcome: string } | undefined {
  if (modality.grading === 'pass_fail') return value === 'passed' || value === 'failed' ? { outcome: value } : undefined;
  const score = parseMark(value);
  return score === undefined ? undefined : { score };
}

/** Opens the correction of a recorded result; its name says whose and which. */
export function CorrectButton({ label, onClick }: { label: string; onClick: () => void }) {
  const i18n = useI18n();
  return (
    <button type="button" className="button-secondary button-small" aria-label={`${i18n.t('correct')} — ${label}`} onClick={onClick}>
      {i18n.t('correct')}
    </button>
  );
}

/** Corrects a recorded result: the new value and the reason the audit trail keeps. */
export function CorrectionForm(props: {
  evaluation: GridEvaluation;
  learner: string;
  modality: GridModality;
  onDone: () => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const resultText = useResultText();
  const form = useApiForm();
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [typedWrong, setTypedWrong] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.evaluation.id]);
  const result = resultBody(props.modality, value);
  const submit = async () => {
    setTypedWrong(!result);
    if (!result) return;
    if (await form.submit(() => api.patch(`/api/evaluations/${props.evaluation.id}`, { ...result, reason }))()) props.onDone();
  };
  const field = props.modality.grading === 'pass_fail' ? 'outcome' : 'score';
  return (
    <section className="correction" aria-labelledby="correction-title">
      <h3 id="correction-title" tabIndex={-1} ref={heading}>
        {i18n.t('correctTitle', { learner: props.learner, modality: props.modality.label })}
      </h3>
      <p className="muted">{i18n.t('correctCurrent', { result: resultText(props.evaluation) })}</p>
      <FormProblem form={form} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <ResultInput
          id="correction-value"
          label={i18n.t('correctedResult')}
          modality={props.modality}
          value={value}
          onChange={setValue}
          error={typedWrong ? i18n.t('invalidMark') : form.fieldError(field)}
        />
        <Field id="correction-reason" label={i18n.t('correctionReason')} error={form.fieldError('reason')}>
          {(control) => <textarea {...control} required value={reason} onChange={(event) => setReason(event.target.value)} />}
        </Field>
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('saveCorrection')}
          </button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>
            {i18n.t('cancel')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** A collective assessment entered once for a group of the cohort: one result each, all or none. */
export function CollectiveForm(props: {
  modality: GridModality;
  enrolments: GridLearner[];
  latest: (enrolmentId: string) => GridEvaluation | undefined;
  occurredOn: string;
  onSaved: () => void;
  onCorrect: (evaluation: GridEvaluation, learner: string) => void;
}) {
  const i18n = useI18n();
  const resultText = useResultText();
  const idempotency = useIdempotencyKey();
  const form = useApiForm();
  const [group, setGroup] = useState<string[]>([]);
  const [value, setValue] = useState('');
  const [comment, setComment] = useState('');
  const [typedWrong, setTypedWrong] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const prefix = `collective-${props.modality.id}`;
  const submit = async () => {
    const result = resultBody(props.modality, value);
    setTypedWrong(!result);
    setSaved(null);
    if (!result) return;
    let failure: unknown;
    const body = {
      enrolmentIds: group,
      modalityId: props.modality.id,
      occurredOn: props.occurredOn,
      ...result,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    const ok = await form.submit(() =>
      api.post('/api/evaluations/collective', body, { 'Idempotency-Key': idempotency.key }).catch((error: unknown) => {
        failure = error;
        throw error;
      }),
    )();
    idempotency.settled(failure);
    if (ok) {
      setSaved(group.length);
      setGroup([]);
      setValue('');
      props.onSaved();
    }
  };
  const groupError = form.fieldError('enrolmentIds');
  const field = props.modality.grading === 'pass_fail' ? 'outcome' : 'score';
  return (
    <section className="collective" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{i18n.t('collectiveTitle', { modality: props.modality.label })}</h3>
      <FormProblem form={form} />
      {form.error !== null && !(form.error instanceof ApiError) && (
        <p className="alert alert-warning">{i18n.t('marksKept', { message: errorSentence(form.error, i18n) })}</p>
      )}
      {saved !== null && (
        <p className="alert alert-success" role="status">
          {i18n.t('marksSaved', { n: saved })}
        </p>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset aria-describedby={groupError ? `${prefix}-group-error` : undefined}>
          <legend>{i18n.t('group')}</legend>
          {props.enrolments.map((enrolment) => {
            const previous = props.latest(enrolment.id);
            const fieldId = `${prefix}-member-${enrolment.id}`;
            const memberError = form.fieldError(`enrolmentIds[${group.indexOf(enrolment.id)}]`);
            return (
              <div className="field-check" key={enrolment.id}>
                <input
                  id={fieldId}
                  type="checkbox"
                  checked={group.includes(enrolment.id)}
                  onChange={(event) =>
                    setGroup(event.target.checked ? [...group, enrolment.id] : group.filter((id) => id !== enrolment.id))
                  }
                />
                <label htmlFor={fieldId}>{learnerName(enrolment)}</label>
                {previous && (
                  <>
                    <span className="muted">
                      {i18n.t('previous')} {resultText(previous)}
                    </span>
                    <CorrectButton
                      label={`${learnerName(enrolment)} — ${props.modality.label}`}
                      onClick={() => props.onCorrect(previous, learnerName(enrolment))}
                    />
                  </>
                )}
                {memberError && <span className="field-error">{memberError}</span>}
              </div>
            );
          })}
          {groupError && (
            <p id={`${prefix}-group-error`} className="field-error">
              {groupError}
            </p>
          )}
        </fieldset>
        <div className="pickers">
          <ResultInput
            id={`${prefix}-value`}
            label={i18n.t('groupResult')}
            modality={props.modality}
            value={value}
            onChange={setValue}
            error={typedWrong ? i18n.t('invalidMark') : form.fieldError(field)}
          />
          <Field id={`${prefix}-comment`} label={i18n.t('groupComment')} error={form.fieldError('comment')}>
            {(control) => <input {...control} value={comment} onChange={(event) => setComment(event.target.value)} />}
          </Field>
        </div>
        <p className="actions">
          <button type="submit" disabled={form.busy || group.length === 0}>
            {i18n.t('saveCollective', { n: group.length })}
          </button>
        </p>
      </form>
    </section>
  );
}
