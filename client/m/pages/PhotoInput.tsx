import { useEffect, useMemo, useState } from 'react';
import { MAX_PHOTOS, resizePhoto } from '../photo.js';
import type { T } from '../i18n.js';

/** Choose or take photos; each is cut to 1600 px on the phone as soon as it is chosen. */
export function PhotoInput({ photos, onPhotos, t, max = MAX_PHOTOS, testId }: {
  photos: Blob[];
  onPhotos: (p: Blob[]) => void;
  t: T;
  max?: number;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      const room = max - photos.length;
      const resized = await Promise.all([...files].slice(0, room).map(resizePhoto));
      onPhotos([...photos, ...resized]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="photos">
      <div className="thumbs">
        {urls.map((u, i) => (
          <figure key={u} className="thumb">
            <img src={u} alt="" />
            <button type="button" className="btn btn-small" onClick={() => onPhotos(photos.filter((_, j) => j !== i))}>{t('removePhoto')}</button>
          </figure>
        ))}
      </div>
      {photos.length < max && (
        <label className="btn btn-wide btn-file">
          {busy ? t('preparing') : t('addPhoto')}
          <input type="file" accept="image/*" multiple data-testid={testId ?? 'photo-input'} disabled={busy}
            onChange={(e) => { void add(e.currentTarget.files); e.currentTarget.value = ''; }} />
        </label>
      )}
      {busy && <span className="hint" data-testid="photos-busy">{t('preparing')}</span>}
      {error && <p className="warn">{error}</p>}
    </div>
  );
}
