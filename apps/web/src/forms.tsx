import { FormEvent, ReactNode, useRef, useState } from 'react';
import { ApiError } from './api';
import { useI18n } from './i18n';
import { fieldErrors } from './problems';
import { ErrorMessage } from './ui';

/** What a control needs to be announced with its label's field error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control and, when the API named its field, the error right under it (announced through
 * aria-describedby). `children` draws the control with the props it gets.
 */
export function Field(props: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const errorId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy })}
      {props.hint && (
        <p id={hintId} className="muted field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A text-like input in a Field. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  autoComplete?: string;
  required?: boolean;
  list?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete ?? 'off'}
          required={props.required}
          list={props.list}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export interface ApiForm {
  busy: boolean;
  error: unknown;
  /** The API's error for this field (the form remembers it shows it). */
  fieldError(field: string): string | undefined;
  /** Runs the request on submit; true when it succeeded. */
  submit(send: () => Promise<unknown>): (event?: FormEvent) => Promise<boolean>;
  reset(): void;
}

/** A form sending one request: busy while it runs, the problem kept for the fields and the alert. */
export function useApiForm(): ApiForm & { shownFields: Set<string> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { locale } = useI18n();
  const shownFields = useRef(new Set<string>()).current;
  const errors = fieldErrors(error instanceof ApiError ? error.problem : null, locale);
  return {
    busy,
    error,
    shownFields,
    fieldError(field) {
      shownFields.add(field);
      return errors.get(field);
    },
    submit: (send) => async (event) => {
      event?.preventDefault();
      setBusy(true);
      setError(null);
      try {
        await send();
        return true;
      } catch (caught) {
        setError(caught);
        return false;
      } finally {
        setBusy(false);
      }
    },
    reset: () => setError(null),
  };
}

/** The form's problem as a sentence, and the field errors no field of the form shows (so none is lost). */
export function FormProblem({ form }: { form: ReturnType<typeof useApiForm> }) {
  const i18n = useI18n();
  if (!form.error) return null;
  const unplaced = [...fieldErrors(form.error instanceof ApiError ? form.error.problem : null, i18n.locale)].filter(
    ([field]) => !form.shownFields.has(field),
  );
  return (
    <>
      <ErrorMessage error={form.error} />
      {unplaced.length > 0 && (
        <ul className="field-error" aria-label={i18n.t('otherErrors')}>
          {unplaced.map(([field, message]) => (
            <li key={field}>
              {field} : {message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
