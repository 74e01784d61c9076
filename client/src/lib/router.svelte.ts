/**
 * The client's routes: real URLs with the history API, so every screen has a deep link the
 * server answers with the app (its history fallback). A small router rather than SvelteKit:
 * the app is one client-rendered page behind the GraphQL server, and a router of ~60 lines
 * keeps the bundle and the build simple.
 */
export interface Route {
  name: 'projects' | 'project' | 'dashboard' | 'needs' | 'organization' | 'invitation' | 'login' | 'not-found';
  params: Record<string, string>;
}

const PATTERNS: [Route['name'], RegExp][] = [
  ['projects', /^\/(?:projects\/?)?$/],
  ['project', /^\/projects\/(?<id>[^/]+)\/?$/],
  ['dashboard', /^\/regions(?:\/(?<id>[^/]+))?\/?$/],
  ['needs', /^\/needs\/?$/],
  ['organization', /^\/organization\/?$/],
  ['invitation', /^\/invitation\/?$/],
  ['login', /^\/login\/?$/],
];

/** The route a path names; anything else is not-found. */
export function routeOf(path: string): Route {
  for (const [name, pattern] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return { name, params: Object.fromEntries(Object.entries(match.groups ?? {})) };
  }
  return { name: 'not-found', params: {} };
}

export class Router {
  path = $state(typeof location === 'undefined' ? '/' : location.pathname);
  search = $state(typeof location === 'undefined' ? '' : location.search);
  route = $derived(routeOf(this.path));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('popstate', () => this.sync());
    }
  }

  private sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  /** Goes to `to` (a path with an optional query) without reloading; `replace` keeps history short. */
  navigate(to: string, { replace = false } = {}): void {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
  }

  /**
   * For `onclick` on links: a plain left click on a same-origin link navigates in the app;
   * modified clicks (new tab, download) stay the browser's.
   */
  follow = (event: MouseEvent): void => {
    const link = (event.currentTarget as HTMLElement).closest('a');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target) return;
    if (link.origin !== location.origin) return;
    event.preventDefault();
    this.navigate(link.pathname + link.search);
  };
}
