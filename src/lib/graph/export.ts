// Saving the drawn graph: the <svg> as a standalone file (it carries its own
// colours as attributes, so no page stylesheet is needed), and a PNG drawn
// from that same SVG onto a canvas.

/** The SVG element as a file's text, at its full size whatever the current zoom. */
export function svgText(svg: SVGSVGElement, width: number, height: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.removeAttribute('style');
  copy.removeAttribute('class');
  // The on-screen zoom and pan are not part of the picture.
  copy.querySelector('[data-viewport]')?.removeAttribute('transform');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** Browsers cap canvas sides (Chromium at 32767 px, Safari's area far lower): scale down to fit. */
const MAX_SIDE = 16384;
const MAX_AREA = 16384 * 16384 * 0.25;

export function pngScale(width: number, height: number, wanted = 2): number {
  const bySide = MAX_SIDE / Math.max(width, height, 1);
  const byArea = Math.sqrt(MAX_AREA / Math.max(width * height, 1));
  return Math.min(wanted, bySide, byArea);
}

export async function pngBlob(svg: string, width: number, height: number): Promise<Blob> {
  const scale = pngScale(width, height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas to draw the PNG on');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG is too large for this browser'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
