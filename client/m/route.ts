/** The app's pages, from the path under /m/ (the server answers every /m/... with the app's page). */
export type MRoute =
  | { page: 'home' }
  | { page: 'report' }
  | { page: 'rounds' }
  | { page: 'mine' }
  | { page: 'activate' }
  | { page: 'login' }
  | { page: 'track'; receipt: string };

const RECEIPT = /^[A-Za-z0-9]{4,40}$/;

export function parseMRoute(pathname: string): MRoute {
  const parts = pathname.replace(/^\/m\/?/, '').split('/').filter(Boolean);
  const [first, second] = parts;
  switch (first) {
    case undefined: return { page: 'home' };
    case 'report': case 'rounds': case 'mine': case 'activate': case 'login':
      return parts.length === 1 ? { page: first } : { page: 'home' };
    case 'track':
      return second && RECEIPT.test(second) && parts.length === 2 ? { page: 'track', receipt: second.toUpperCase() } : { page: 'home' };
    default: return { page: 'home' };
  }
}

export function pathOf(route: MRoute): string {
  return route.page === 'home' ? '/m/' : route.page === 'track' ? `/m/track/${route.receipt}` : `/m/${route.page}`;
}
