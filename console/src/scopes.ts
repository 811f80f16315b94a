import type { Me } from './types.js';

/**
 * Whether the session's key holds a scope; `admin` holds every scope, as the server's requireScope
 * decides. Only hides controls: the server checks every call whatever the console shows.
 */
export function hasScope(me: Me, scope: string): boolean {
  return me.scopes.includes(scope) || me.scopes.includes('admin');
}
