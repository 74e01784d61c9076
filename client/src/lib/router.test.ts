import { describe, expect, it } from 'vitest';
import { routeOf } from './router.svelte';

describe('routeOf', () => {
  it('names each screen by its address, and anything else not-found', () => {
    expect(routeOf('/')).toEqual({ name: 'projects', params: {} });
    expect(routeOf('/projects')).toEqual({ name: 'projects', params: {} });
    expect(routeOf('/projects/')).toEqual({ name: 'projects', params: {} });
    expect(routeOf('/projects/UHJvamVjdDox')).toEqual({ name: 'project', params: { id: 'UHJvamVjdDox' } });
    expect(routeOf('/login')).toEqual({ name: 'login', params: {} });
    expect(routeOf('/regions')).toEqual({ name: 'dashboard', params: {} });
    expect(routeOf('/regions/UmVnaW9uOjE')).toEqual({ name: 'dashboard', params: { id: 'UmVnaW9uOjE' } });
    expect(routeOf('/needs')).toEqual({ name: 'needs', params: {} });
    expect(routeOf('/organization')).toEqual({ name: 'organization', params: {} });
    expect(routeOf('/invitation')).toEqual({ name: 'invitation', params: {} });
    expect(routeOf('/projects/a/b')).toEqual({ name: 'not-found', params: {} });
    expect(routeOf('/nowhere')).toEqual({ name: 'not-found', params: {} });
  });
});
