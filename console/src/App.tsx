import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient } from './api.js';
import { Layout } from './components/Layout.js';
import { Loading } from './components/Status.js';
import { useI18n } from './i18n/index.js';
import { Login, type LoginNotice } from './pages/Login.js';
import { matchPath, useRouter } from './router.js';
import { ROUTES } from './routes.js';
import { SessionContext, type SessionValue } from './session.js';
import type { Me } from './types.js';

/** Session state: unknown until /v1/me answers, then a principal or the login page. */
export function App() {
  const { t } = useI18n();
  const { location } = useRouter();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<LoginNotice>(null);
  const loggedIn = useRef(false);
  const api = useMemo(
    () =>
      createApiClient((problem) => {
        // A 401 after login means the session ended under us (expiry, logout elsewhere, key revoked).
        if (loggedIn.current || problem.code === 'session_expired') setNotice('expired');
        loggedIn.current = false;
        setMe(null);
      }),
    [],
  );
  useEffect(() => {
    api.get<Me>('/v1/me').then(
      (who) => {
        loggedIn.current = true;
        setMe(who);
      },
      () => setMe((current) => (current === undefined ? null : current)),
    );
  }, [api]);
  const logout = useCallback(async () => {
    try {
      await api.del('/v1/sessions/current');
    } finally {
      loggedIn.current = false;
      setNotice('loggedOut');
      setMe(null);
    }
  }, [api]);
  const session = useMemo<SessionValue | null>(() => (me ? { api, me, logout } : null), [api, me, logout]);

  if (me === undefined) return <Loading />;
  if (!session) {
    return (
      <Login
        api={api}
        notice={notice}
        onLogin={(who) => {
          loggedIn.current = true;
          setNotice(null);
          setMe(who);
        }}
      />
    );
  }
  let page = null;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, location.path);
    if (params) {
      const Page = route.page;
      page = <Page params={params} />;
      break;
    }
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <Suspense fallback={<Loading />}>
          {page ?? (
            <section>
              <h1>{t('page.notFound')}</h1>
            </section>
          )}
        </Suspense>
      </Layout>
    </SessionContext.Provider>
  );
}
