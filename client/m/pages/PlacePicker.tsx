import { useMemo, useState } from 'react';
import type { GeoFeature } from '../../../shared/schemas/geo.js';
import { boundsOf, cellAt, fitProjection, svgPath } from '../geo.js';
import type { T } from '../i18n.js';

export interface Place {
  gridId: string | null;
  gridName: string | null;
  location: { lng: number; lat: number } | null;
  /** Metres, from the GPS; null for a tap on the map. */
  accuracy: number | null;
}

const MAP_WIDTH = 360;

/**
 * Where the problem is: the phone's GPS (the cell found on the phone, the accuracy shown, a warning outside the
 * district), or a tap on a map of the village's cells.
 */
export function PlacePicker({ cells, villageCode, place, onPlace, t }: {
  cells: GeoFeature[];
  villageCode: string | null;
  place: Place;
  onPlace: (p: Place) => void;
  t: T;
}) {
  const [gps, setGps] = useState<'idle' | 'locating' | 'outside' | { failed: string }>('idle');
  const village = useMemo(() => cells.filter((c) => c.properties.villageCode === villageCode), [cells, villageCode]);
  const projection = useMemo(() => (village.length ? fitProjection(boundsOf(village), MAP_WIDTH) : null), [village]);

  const locate = () => {
    if (!('geolocation' in navigator)) return setGps({ failed: 'GPS' });
    setGps('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const { longitude: lng, latitude: lat, accuracy } = pos.coords;
        const cell = cellAt(cells, lng, lat);
        setGps(cell ? 'idle' : 'outside');
        onPlace({ gridId: cell?.id ?? null, gridName: cell?.properties.name ?? null, location: { lng, lat }, accuracy: Math.round(accuracy) });
      },
      (err) => setGps({ failed: err.message || String(err.code) }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const tap = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!projection) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * projection.width;
    const y = ((e.clientY - box.top) / box.height) * projection.height;
    const [lng, lat] = projection.toLngLat(x, y);
    const cell = cellAt(village, lng, lat);
    if (!cell) return;
    setGps('idle');
    onPlace({ gridId: cell.id, gridName: cell.properties.name, location: { lng, lat }, accuracy: null });
  };

  const marker = projection && place.location ? projection.toXY(place.location.lng, place.location.lat) : null;
  return (
    <div className="place">
      <button type="button" className="btn btn-wide" onClick={locate} disabled={gps === 'locating'} data-testid="use-gps">
        {gps === 'locating' ? t('locating') : t('useGps')}
      </button>
      {place.accuracy !== null && <p className="hint" data-testid="gps-accuracy">{t('accuracy', { m: place.accuracy })}</p>}
      {gps === 'outside' && <p className="warn" role="alert" data-testid="outside-warning">{t('outside')}</p>}
      {typeof gps === 'object' && <p className="warn" role="alert">{t('gpsFailed', { why: gps.failed })}</p>}
      {place.gridName && <p className="chosen" data-testid="chosen-cell" data-grid-id={place.gridId ?? ''}>{t('chosenCell', { name: place.gridName })}</p>}
      {projection && (
        <>
          <p className="hint">{t('tapMap')}</p>
          <svg className="village-map" viewBox={`0 0 ${projection.width} ${projection.height}`} onClick={tap} data-testid="village-map" role="img">
            {village.map((c) => (
              <path key={c.id} d={svgPath(c.geometry, projection)} data-grid-id={c.id} className={c.id === place.gridId ? 'cell cell-on' : 'cell'} />
            ))}
            {marker && <circle cx={marker[0]} cy={marker[1]} r={7} className="marker" />}
          </svg>
        </>
      )}
    </div>
  );
}
