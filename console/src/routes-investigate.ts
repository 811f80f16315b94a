import { lazy } from 'react';
import type { RouteDef } from './routes.js';

/** Campaign, protection and fraud pages, each its own chunk (Cytoscape rides with the graph page). */
const campaignPage = lazy(() => import('./pages/CampaignPage.js'));

export const INVESTIGATE_ROUTES: RouteDef[] = [
  { pattern: '/campaigns', nav: 'nav.campaigns', page: lazy(() => import('./pages/Campaigns.js')) },
  { pattern: '/campaigns/:id', page: campaignPage },
  { pattern: '/reports/:reportId/graph', page: campaignPage },
  { pattern: '/protection', nav: 'nav.protection', page: lazy(() => import('./pages/Protection.js')) },
  { pattern: '/fraud', nav: 'nav.fraud', page: lazy(() => import('./pages/Fraud.js')) },
  { pattern: '/fraud/cases', page: lazy(() => import('./pages/FraudCases.js')) },
];
