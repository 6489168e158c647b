import { MessageKey, useI18n } from '../../i18n';
import { Link } from '../../ui';
import { CohortsScreen } from './cohorts';
import { JurySessionsScreen } from './jury-sessions';
import { LearnersScreen } from './learners';
import { UsersScreen } from './users';

const SECTIONS: { path: string; label: MessageKey }[] = [
  { path: '/admin/apprenants', label: 'adminLearners' },
  { path: '/admin/promotions', label: 'adminCohorts' },
  { path: '/admin/jurys', label: 'adminJurySessions' },
  { path: '/admin/utilisateurs', label: 'adminUsers' },
];

/** The admin's minimum to run a year: learners and their enrolments, cohorts and their trainers, jury sessions, users. */
export function AdminPage({ path }: { path: string }) {
  const i18n = useI18n();
  const [, , section = 'apprenants', id] = path.split('/');
  return (
    <div className="admin">
      <nav aria-label={i18n.t('navAdmin')} className="sub-nav">
        <ul>
          {SECTIONS.map((candidate) => (
            <li key={candidate.path}>
              <Link to={candidate.path} current={candidate.path === `/admin/${section}`}>
                {i18n.t(candidate.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'promotions' ? (
        <CohortsScreen cohortId={id} />
      ) : section === 'jurys' ? (
        <JurySessionsScreen />
      ) : section === 'utilisateurs' ? (
        <UsersScreen />
      ) : (
        <LearnersScreen learnerId={id} />
      )}
    </div>
  );
}
