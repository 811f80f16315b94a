import { describe, expect, it } from 'vitest';
import { matchPath } from './router.js';

describe('console routes', () => {
  it('match the root, fixed paths and parameters, with or without a trailing slash', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/', '/inbox')).toBeNull();
    expect(matchPath('/inbox', '/inbox/')).toEqual({});
    expect(matchPath('/reports/:id', '/reports/01a%2Fb')).toEqual({ id: '01a/b' });
    expect(matchPath('/reports/:id', '/reports/%E0%A4%A')).toBeNull();
    expect(matchPath('/reports/:id', '/reports/1/extra')).toBeNull();
  });
});
