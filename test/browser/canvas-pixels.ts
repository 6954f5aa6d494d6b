/**
 * Runs in the page: how many pixels of the canvases under `selector` are painted. The canvas is copied onto a fresh
 * 2D canvas first, so this works whatever context the chart used, and fully transparent pixels count as blank (our
 * charts have a transparent background over the dark panel).
 */
export function countPaintedPixels(selector: string): { canvases: number; painted: number; total: number } {
  const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`));
  let painted = 0;
  let total = 0;
  for (const source of canvases) {
    if (source.width === 0 || source.height === 0) continue;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    if (!ctx) continue;
    ctx.drawImage(source, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 16) painted++;
    total += copy.width * copy.height;
  }
  return { canvases: canvases.length, painted, total };
}
