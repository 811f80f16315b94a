import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.js';
import { Link, matchPath, useRouter } from '../router.js';
import { ROUTES } from '../routes.js';
import { useSession } from '../session.js';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="lang-switch"
      lang={lang === 'ja' ? 'en' : 'ja'}
      // The visible text is the accessible name (WCAG 2.5.3); the longer explanation is a tooltip.
      title={t('nav.languageLabel')}
      onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
    >
      {t('nav.language')}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { me, logout } = useSession();
  const { location } = useRouter();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, keyboard and screen-reader users start at the new page's content,
  // as they would after a full page load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.path]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-org">
            <bdi dir="auto">{t('nav.signedInAs', { org: me.organization.name })}</bdi>
          </span>
        </div>
        <nav aria-label={t('nav.main')}>
          <ul>
            {ROUTES.filter((r) => r.nav).map((r) => (
              <li key={r.pattern}>
                <Link to={r.pattern} current={matchPath(r.pattern, location.path) !== null}>
                  {t(r.nav as Parameters<typeof t>[0])}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <LanguageSwitch />
          <button type="button" onClick={() => void logout()}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
