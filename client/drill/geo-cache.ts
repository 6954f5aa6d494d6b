import { useEffect, useState } from 'react';
import { DISTRICT_CODE } from '../../shared/constants.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import { fetchGeo } from '../api/geo.js';

type Level = 'town' | 'village' | 'grid';
const cache = new Map<Level, Promise<GeoCollection>>();

/** Boundaries do not change while a page is open: each level is fetched once and shared by every drill page. */
export function loadGeo(level: Level): Promise<GeoCollection> {
  let p = cache.get(level);
  if (!p) {
    p = fetchGeo(level).catch((err: unknown) => {
      cache.delete(level);
      throw err;
    });
    cache.set(level, p);
  }
  return p;
}

export const DISTRICT_NAME = '镇江经开区';

export type ScopeNames = ReadonlyMap<string, string>;

/** Names of every town, village and grid cell by id (for breadcrumbs and rankings); empty until loaded. */
export function useScopeNames(): ScopeNames {
  const [names, setNames] = useState<ScopeNames>(() => new Map([[DISTRICT_CODE, DISTRICT_NAME]]));
  useEffect(() => {
    let live = true;
    void Promise.all([loadGeo('town'), loadGeo('village'), loadGeo('grid')]).then(
      (levels) => {
        if (!live) return;
        const m = new Map<string, string>([[DISTRICT_CODE, DISTRICT_NAME]]);
        for (const geo of levels) for (const f of geo.features) m.set(f.id, f.properties.name);
        setNames(m);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function useGeo(level: Level): GeoCollection | null {
  const [geo, setGeo] = useState<GeoCollection | null>(null);
  useEffect(() => {
    let live = true;
    loadGeo(level).then((g) => live && setGeo(g), () => undefined);
    return () => {
      live = false;
    };
  }, [level]);
  return geo;
}
