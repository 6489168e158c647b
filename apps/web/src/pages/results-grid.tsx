import { FormEvent, KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { api, ApiError, getAll } from '../api';
import { parseMark } from '../format';
import { useI18n } from '../i18n';
import { fieldMessage } from '../problems';
import { ErrorMessage, Loading, errorSentence, useLoad } from '../ui';
import {
  CollectiveForm,
  CorrectButton,
  CorrectionForm,
  GridEvaluation,
  GridModality,
  learnerName,
  useIdempotencyKey,
  useResultText,
} from './grid-extras';

interface Cohort {
  id: string;
  name: string;
  certificationCode: string;
}

interface Sheet {
  code: string;
  blocks: { code: string; title: string; modalities: GridModality[] }[];
}

interface CohortEnrolment {
  id: string;
  learnerId: string;
  learner: { firstName: string; lastName: string; email: string };
}

const cellKey = (enrolmentId: string, modalityId: string) => `${enrolmentId}/${modalityId}`;
const today = () => new Date().toISOString().slice(0, 10);
const csvField = (value: string) => (/[",;\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The trainer's results grid: a cohort and a block; rows are learners, columns the block's assessments. Typed
 * marks are sent together as one spreadsheet import (all or nothing); a failed send keeps them, and a retry
 * carries the same Idempotency-Key, so a send that did arrive is never recorded twice.
 */
export function ResultsGridPage() {
  const i18n = useI18n();
  const cohorts = useLoad(() => getAll<Cohort>('/api/cohorts'), []);
  const [cohortId, setCohortId] = useState('');
  const [blockCode, setBlockCode] = useState('');
  // Marks typed and not saved yet: changing cohort or block (or leaving) asks first, as they would be lost.
  const [unsaved, setUnsaved] = useState(0);
  useEffect(() => {
    if (unsaved === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  const mayLeaveGrid = () => unsaved === 0 || window.confirm(i18n.t('discardTypedMarks', { n: unsaved }));
  const cohort = cohorts.data?.find((candidate) => candidate.id === cohortId);
  const sheet = useLoad(
    () => (cohort ? api.get<Sheet>(`/api/certifications/${encodeURIComponent(cohort.certificationCode)}`) : Promise.resolve(null)),
    [cohort?.certificationCode],
  );
  const block = sheet.data?.blocks.find((candidate) => candidate.code === blockCode);

  if (!cohorts.data) return cohorts.error ? <ErrorMessage error={cohorts.error} onRetry={cohorts.reload} /> : <Loading />;
  return (
    <div>
      <h1>{i18n.t('resultsGrid')}</h1>
      <div className="pickers">
        <div className="field">
          <label htmlFor="cohort">{i18n.t('cohort')}</label>
          <select
            id="cohort"
            value={cohortId}
            onChange={(event) => {
              if (!mayLeaveGrid()) return;
              setUnsaved(0);
              setCohortId(event.target.value);
              setBlockCode('');
            }}
          >
            <option value="">—</option>
            {cohorts.data.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.certificationCode})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="block">{i18n.t('block')}</label>
          <select
            id="block"
            value={blockCode}
            disabled={!sheet.data}
            onChange={(event) => {
              if (!mayLeaveGrid()) return;
              setUnsaved(0);
              setBlockCode(event.target.value);
            }}
          >
            <option value="">—</option>
            {sheet.data?.blocks.map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {candidate.code} — {candidate.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {cohort && block && sheet.data && <Grid key={`${cohort.id}/${block.code}`} cohort={cohort} block={block} onUnsaved={setUnsaved} />}
      <SpreadsheetUpload />
    </div>
  );
}

function Grid({ cohort, block, onUnsaved }: { cohort: Cohort; block: Sheet['blocks'][number]; onUnsaved: (count: number) => void }) {
  const i18n = useI18n();
  const loaded = useLoad(async () => {
    const enrolments = await getAll<CohortEnrolment>(`/api/cohorts/${cohort.id}/enrolments`);
    const results = await Promise.all(
      enrolments.map((enrolment) => getAll<GridEvaluation>(`/api/learners/${enrolment.learnerId}/evaluations`)),
    );
    const latest = new Map<string, GridEvaluation>();
    for (const evaluation of results.flat()) {
      const key = cellKey(evaluation.enrolmentId, evaluation.modalityId);
      if ((latest.get(key)?.attempt ?? 0) < evaluation.attempt) latest.set(key, evaluation);
    }
    return { enrolments: enrolments.sort((a, b) => a.learner.lastName.localeCompare(b.learner.lastName)), latest };
  }, [cohort.id]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [occurredOn, setOccurredOn] = useState(today());
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ error?: unknown; saved?: number } | null>(null);
  const [correcting, setCorrecting] = useState<{ evaluation: GridEvaluation; learner: string; modality: GridModality } | null>(null);
  const [corrected, setCorrected] = useState(false);
  const resultText = useResultText();
  const modalities = block.modalities.filter((modality) => modality.mode === 'individual');
  const collective = block.modalities.filter((modality) => modality.mode === 'collective');

  const entries = useMemo(
    () =>
      Object.entries(typed)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => {
          const [enrolmentId, modalityId] = key.split('/');
          return { key, enrolmentId, modalityId, value };
        }),
    [typed],
  );
  useEffect(() => onUnsaved(entries.length), [entries.length, onUnsaved]);
  const invalid = entries.filter((entry) => {
    const modality = modalities.find((candidate) => candidate.id === entry.modalityId);
    return modality?.grading === 'pass_fail' ? !['passed', 'failed'].includes(entry.value) : parseMark(entry.value) === undefined;
  });

  if (!loaded.data) return loaded.error ? <ErrorMessage error={loaded.error} onRetry={loaded.reload} /> : <Loading />;
  const { enrolments, latest } = loaded.data;

  // Refused lines come back by spreadsheet line: line 2 is the first entry sent.
  const lineErrors = new Map<string, string>();
  if (outcome?.error instanceof ApiError) {
    for (const fieldError of outcome.error.problem?.errors ?? []) {
      const entry = fieldError.line ? entries[fieldError.line - 2] : undefined;
      if (entry) lineErrors.set(entry.key, `${fieldError.field}: ${fieldMessage(fieldError.message, i18n.locale)}`);
    }
  }

  const save = async () => {
    setSaving(true);
    setOutcome(null);
    const lines = ['learnerEmail,certificationCode,blockCode,modalityId,occurredOn,score,outcome'];
    for (const entry of entries) {
      const enrolment = enrolments.find((candidate) => candidate.id === entry.enrolmentId)!;
      const passFail = entry.value === 'passed' || entry.value === 'failed';
      const score = passFail ? '' : String(parseMark(entry.value));
      lines.push(
        [enrolment.learner.email, cohort.certificationCode, block.code, entry.modalityId, occurredOn, score, passFail ? entry.value : '']
          .map(csvField)
          .join(','),
      );
    }
    try {
      const summary = await api.postRaw<{ created: number }>('/api/evaluations/import', `${lines.join('\n')}\n`, 'text/csv', {
        'Idempotency-Key': idempotency.key,
      });
      setOutcome({ saved: summary.created });
      setTyped({});
      idempotency.settled();
      loaded.reload();
    } catch (error) {
      // The marks stay typed; the same key goes with the retry (a send that did arrive is answered again, not redone).
      setOutcome({ error });
      idempotency.settled(error);
    } finally {
      setSaving(false);
    }
  };

  // Enter moves down a column, like a spreadsheet; Tab moves along the row.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, row: number, column: number) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const next = document.getElementById(`cell-${row + (event.shiftKey ? -1 : 1)}-${column}`);
    if (next) next.focus();
    else document.getElementById('save-results')?.focus();
  };

  return (
    <section aria-labelledby="grid-title">
      <h2 id="grid-title">
        {cohort.name} — {block.code}
      </h2>
      <div className="field field-inline">
        <label htmlFor="occurred-on">{i18n.t('assessmentDate')}</label>
        <input id="occurred-on" type="date" value={occurredOn} onChange={(event) => setOccurredOn(event.target.value)} />
      </div>
      <div className="table-scroll">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{i18n.t('learner')}</th>
              {modalities.map((modality) => (
                <th scope="col" key={modality.id} id={`col-${modality.id}`}>
                  {modality.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {enrolments.map((enrolment, row) => (
              <tr key={enrolment.id}>
                <th scope="row" id={`row-${enrolment.id}`}>
                  {enrolment.learner.lastName} {enrolment.learner.firstName}
                </th>
                {modalities.map((modality, column) => {
                  const key = cellKey(enrolment.id, modality.id);
                  const previous = latest.get(key);
                  const error = lineErrors.get(key) ?? (invalid.some((entry) => entry.key === key) ? i18n.t('invalidMark') : undefined);
                  const hint = previous ? resultText(previous) : '';
                  const common = {
                    id: `cell-${row}-${column}`,
                    'aria-labelledby': `row-${enrolment.id} col-${modality.id}`,
                    'aria-describedby': `hint-${row}-${column}`,
                    'aria-invalid': error ? true : undefined,
                    onKeyDown: (event: KeyboardEvent<HTMLElement>) => onKeyDown(event, row, column),
                  };
                  return (
                    <td key={modality.id}>
                      {modality.grading === 'pass_fail' ? (
                        <select
                          {...common}
                          value={typed[key] ?? ''}
                          onChange={(event) => setTyped({ ...typed, [key]: event.target.value })}
                        >
                          <option value="">—</option>
                          <option value="passed">{i18n.t('outcome_passed')}</option>
                          <option value="failed">{i18n.t('outcome_failed')}</option>
                        </select>
                      ) : (
                        <input
                          {...common}
                          className="mark"
                          inputMode="decimal"
                          autoComplete="off"
                          value={typed[key] ?? ''}
                          onChange={(event) => setTyped({ ...typed, [key]: event.target.value })}
                        />
                      )}
                      <span id={`hint-${row}-${column}`} className={error ? 'field-error cell-note' : 'muted cell-note'}>
                        {error ?? (hint ? `${i18n.t('previous')} ${hint}` : '')}
                      </span>
                      {previous && (
                        <CorrectButton
                          label={`${learnerName(enrolment)} — ${modality.label}`}
                          onClick={() => {
                            setCorrected(false);
                            setCorrecting({ evaluation: previous, learner: learnerName(enrolment), modality });
                          }}
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {outcome?.error !== undefined && <ErrorMessage error={outcome.error} />}
      {outcome?.error !== undefined && !(outcome.error instanceof ApiError) && (
        <p className="alert alert-warning">{i18n.t('marksKept', { message: errorSentence(outcome.error, i18n) })}</p>
      )}
      {outcome?.saved !== undefined && (
        <p className="alert alert-success" role="status">
          {i18n.t('marksSaved', { n: outcome.saved })}
        </p>
      )}
      <p className="actions">
        <button id="save-results" type="button" disabled={saving || entries.length === 0 || invalid.length > 0} onClick={() => void save()}>
          {i18n.t('saveMarks', { n: entries.length })}
        </button>
      </p>
      {corrected && (
        <p className="alert alert-success" role="status">
          {i18n.t('correctionSaved')}
        </p>
      )}
      {correcting && (
        <CorrectionForm
          key={correcting.evaluation.id}
          evaluation={correcting.evaluation}
          learner={correcting.learner}
          modality={correcting.modality}
          onCancel={() => setCorrecting(null)}
          onDone={() => {
            setCorrecting(null);
            setCorrected(true);
            loaded.reload();
          }}
        />
      )}
      {collective.map((modality) => (
        <CollectiveForm
          key={modality.id}
          modality={modality}
          enrolments={enrolments}
          latest={(enrolmentId) => latest.get(cellKey(enrolmentId, modality.id))}
          occurredOn={occurredOn}
          onSaved={loaded.reload}
          onCorrect={(evaluation, learner) => {
            setCorrected(false);
            setCorrecting({ evaluation, learner, modality });
          }}
        />
      ))}
    </section>
  );
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A whole spreadsheet (CSV or XLSX, the import's columns): recorded all or nothing, each refused line listed. */
function SpreadsheetUpload() {
  const i18n = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ error?: unknown; saved?: number } | null>(null);
  const idempotency = useIdempotencyKey();

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const type = file.name.toLowerCase().endsWith('.xlsx') ? XLSX : 'text/csv';
      const summary = await api.postRaw<{ created: number }>('/api/evaluations/import', file, type, { 'Idempotency-Key': idempotency.key });
      setResult({ saved: summary.created });
      idempotency.settled();
    } catch (error) {
      setResult({ error });
      idempotency.settled(error);
    } finally {
      setBusy(false);
    }
  };
  const refused = result?.error instanceof ApiError ? (result.error.problem?.errors ?? []) : [];

  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">{i18n.t('uploadTitle')}</h2>
      <p className="muted">{i18n.t('uploadHelp')}</p>
      <form onSubmit={(event) => void upload(event)} className="actions">
        <label htmlFor="spreadsheet" className="visually-hidden">
          {i18n.t('spreadsheet')}
        </label>
        <input id="spreadsheet" type="file" accept=".csv,.xlsx,text/csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!file || busy}>
          {i18n.t('upload')}
        </button>
      </form>
      {result?.error !== undefined && <ErrorMessage error={result.error} />}
      {refused.length > 0 && (
        <ul className="refused-lines">
          {refused.map((fieldError, index) => (
            <li key={index}>
              {fieldError.line ? `${i18n.t('line', { n: fieldError.line })} — ` : ''}
              {fieldError.field} : {fieldMessage(fieldError.message, i18n.locale)}
            </li>
          ))}
        </ul>
      )}
      {result?.saved !== undefined && (
        <p className="alert alert-success" role="status">
          {i18n.t('marksSaved', { n: result.saved })}
        </p>
      )}
    </section>
  );
}
