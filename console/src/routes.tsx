import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { MessageKey } from './i18n/index.js';
import { INVESTIGATE_ROUTES } from './routes-investigate.js';

export interface PageProps {
  params: Record<string, string>;
}

export interface RouteDef {
  pattern: string;
  page: LazyExoticComponent<ComponentType<PageProps>>;
  /** Shown in the main menu when set. */
  nav?: MessageKey;
}

/**
 * Every page is its own chunk (route-level dynamic import): the first load is the shell and the
 * login form only, and ECharts travels with the dashboard alone. Add pages here.
 */
export const ROUTES: RouteDef[] = [
  { pattern: '/', nav: 'nav.dashboard', page: lazy(() => import('./pages/Dashboard.js')) },
  { pattern: '/inbox', nav: 'nav.inbox', page: lazy(() => import('./pages/Inbox.js')) },
  { pattern: '/reports/:id', page: lazy(() => import('./pages/ReportPage.js')) },
  { pattern: '/indicators', page: lazy(() => import('./pages/IndicatorPage.js')) },
  { pattern: '/submit', nav: 'nav.submit', page: lazy(() => import('./pages/Submit.js')) },
  ...INVESTIGATE_ROUTES,
];
