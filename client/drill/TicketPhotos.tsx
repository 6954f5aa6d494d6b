import type { PhotoRef } from '../../shared/schemas/media.js';
import { photoUrl } from '../api/drill.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';

/**
 * A ticket's photos, the report's (处置前) beside the handlers' (处置后), so a supervisor sees what was fixed at a glance.
 * Thumbnails (320 px) load lazily; each opens its 1600 px copy in a new tab, over the same session.
 */
export function TicketPhotos({ photos }: { photos: readonly PhotoRef[] }) {
  const t = useDrillMessages();
  if (photos.length === 0) return <p className="dmuted">{t.photos.none}</p>;
  return (
    <div className="dphotos" data-testid="photos">
      {(['before', 'after'] as const).map((stage) => {
        const these = photos.filter((p) => p.stage === stage);
        return (
          <figure key={stage} className="dphotos-stage" data-testid={`photos-${stage}`}>
            <figcaption>{t.photos[stage]}</figcaption>
            {these.length === 0 ? (
              <p className="dmuted">{t.photos.none}</p>
            ) : (
              <div className="dphotos-row">
                {these.map((p) => (
                  <a key={p.id} href={photoUrl(p.id, 'full')} target="_blank" rel="noopener noreferrer" title={t.photos.open}>
                    <img src={photoUrl(p.id, 'thumb')} alt={`${t.photos[stage]} ${p.id.slice(0, 6)}`} loading="lazy" width={160} />
                  </a>
                ))}
              </div>
            )}
          </figure>
        );
      })}
    </div>
  );
}
