import { useEffect, useState } from 'react';

export const INSPECTION_TABS = ['cases', 'ratings', 'subgroups', 'judgements', 'compare', 'report', 'audit', 'team', 'conflicts', 'qa'] as const;
export type InspectionTab = (typeof INSPECTION_TABS)[number];

/** Hash routes: the renderer is a single file served from app://, so the hash is the whole state. */
export type Route =
  | { name: 'inspections' }
  | { name: 'new-inspection' }
  | { name: 'settings' }
  | { name: 'league' }
  | { name: 'record-ratings' }
  | { name: 'inspection'; id: string; tab?: InspectionTab }
  | { name: 'case'; id: string }
  | { name: 'build-sample'; id: string }
  | { name: 'second-marking'; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'league') return { name: 'league' };
  if (parts[0] === 'inspections' && parts[1] === 'record') return { name: 'record-ratings' };
  if (parts[0] === 'inspections' && parts[1] === 'new') return { name: 'new-inspection' };
  if (parts[0] === 'inspections' && parts[1] && parts[2] === 'build-sample') return { name: 'build-sample', id: parts[1] };
  if (parts[0] === 'inspections' && parts[1]) {
    const tab = INSPECTION_TABS.find((t) => t === parts[2]) ?? 'cases';
    return { name: 'inspection', id: parts[1], tab };
  }
  if (parts[0] === 'cases' && parts[1] && parts[2] === 'second') return { name: 'second-marking', id: parts[1] };
  if (parts[0] === 'cases' && parts[1]) return { name: 'case', id: parts[1] };
  return { name: 'inspections' };
}

export function href(r: Route): string {
  switch (r.name) {
    case 'inspections':
      return '#/';
    case 'new-inspection':
      return '#/inspections/new';
    case 'settings':
      return '#/settings';
    case 'league':
      return '#/league';
    case 'record-ratings':
      return '#/inspections/record';
    case 'inspection':
      return `#/inspections/${r.id}${!r.tab || r.tab === 'cases' ? '' : `/${r.tab}`}`;
    case 'case':
      return `#/cases/${r.id}`;
    case 'build-sample':
      return `#/inspections/${r.id}/build-sample`;
    case 'second-marking':
      return `#/cases/${r.id}/second`;
  }
}

export function navigate(r: Route): void {
  window.location.hash = href(r);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
