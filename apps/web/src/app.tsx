import { lazy, Suspense, useEffect, useState } from 'react';
import { api, Role, User } from './api';
import { MessageKey, useI18n } from './i18n';
import { LearnerPage } from './pages/learner';
import { SignInPage } from './pages/sign-in';
import { Link, Loading, navigate, usePath } from './ui';

// Only the learner page is in the first load; the other screens are fetched when opened.
const ResultsGridPage = lazy(() => import('./pages/results-grid').then((module) => ({ default: module.ResultsGridPage })));
const JuryPage = lazy(() => import('./pages/jury').then((module) => ({ default: module.JuryPage })));
const AdminPage = lazy(() => import('./pages/admin').then((module) => ({ default: module.AdminPage })));

interface Screen {
  path: string;
  label: MessageKey;
  roles: Role[];
}

/** The screens each role may use, and nothing else (the API refuses the rest anyway). */
const SCREENS: Screen[] = [
  { path: '/admin', label: 'navAdmin', roles: ['admin'] },
  { path: '/parcours', label: 'navMyProgress', roles: ['learner'] },
  { path: '/resultats', label: 'navResults', roles: ['trainer', 'admin'] },
  { path: '/jury', label: 'navJury', roles: ['jury_member', 'admin'] },
];

export function screensFor(user: User): Screen[] {
  return SCREENS.filter((screen) => screen.roles.some((role) => user.roles.includes(role)));
}

export function App() {
  const i18n = useI18n();
  const [user, setUser] = useState<User | null>(api.user);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  useEffect(
    () =>
      api.onSessionChange((next, reason) => {
        setUser(next);
        setNotice(next ? null : reason === 'expired' ? 'sessionExpired' : 'signedOut');
      }),
    [],
  );
  const path = usePath();
  const screens = user ? screensFor(user) : [];
  const current = screens.find((screen) => path === screen.path || path.startsWith(`${screen.path}/`));
  useEffect(() => {
    if (user && !current && screens.length > 0) navigate(screens[0].path, true);
  }, [user, current, screens]);

  return (
    <>
      <a className="skip-link" href="#main">
        {i18n.t('skipToContent')}
      </a>
      <header className="app-header">
        <span className="app-name">{i18n.t('appName')}</span>
        {user && (
          <nav aria-label={i18n.t('appName')}>
            <ul>
              {screens.map((screen) => (
                <li key={screen.path}>
                  <Link to={screen.path} current={screen === current}>
                    {i18n.t(screen.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header-tools">
          <label>
            <span className="visually-hidden">{i18n.t('language')}</span>
            <select value={i18n.locale} onChange={(event) => i18n.setLocale(event.target.value === 'en' ? 'en' : 'fr')}>
              <option value="fr" lang="fr">
                Français
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>
          </label>
          {user && (
            <>
              <span className="who">{i18n.t('signedInAs', { name: user.displayName })}</span>
              <button type="button" className="button-secondary" onClick={() => void api.signOut()}>
                {i18n.t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!user ? (
          <SignInPage notice={notice} />
        ) : !current ? (
          screens.length === 0 ? (
            <p>{i18n.t('noScreen')}</p>
          ) : (
            <Loading />
          )
        ) : (
          <Suspense fallback={<Loading />}>
            {current.path === '/parcours' && <LearnerPage user={user} />}
            {current.path === '/resultats' && <ResultsGridPage />}
            {current.path === '/jury' && <JuryPage sessionId={path.split('/')[2]} />}
            {current.path === '/admin' && <AdminPage path={path} />}
          </Suspense>
        )}
      </main>
    </>
  );
}
