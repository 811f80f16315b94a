import {
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';

/** Client-side routes on the History API; the server answers every such path with index.html. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

interface RouterValue {
  location: Location;
  navigate(to: string): void;
}

const RouterContext = createContext<RouterValue | null>(null);

const current = (): Location => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
});

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', to);
    setLocation(current());
    window.scrollTo(0, 0);
  }, []);
  return <RouterContext.Provider value={{ location, navigate }}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside RouterProvider');
  return value;
}

/** Matches "/reports/:id" against a path; returns the decoded parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  const want = norm(pattern).split('/');
  const got = norm(path).split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/** An in-console link: only ever to the console's own paths, never to report content. */
export function Link({
  to,
  children,
  className,
  current: isCurrent,
}: {
  to: string;
  children: ReactNode;
  className?: string;
  current?: boolean;
}) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  if (!to.startsWith('/') || to.startsWith('//')) throw new Error(`not a console path: ${to}`);
  return (
    <a href={to} onClick={onClick} className={className} aria-current={isCurrent ? 'page' : undefined}>
      {children}
    </a>
  );
}
