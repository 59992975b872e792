/**
 * Browser side of the exports: saving a file (an `<a download>` on a blob URL, nothing leaves the
 * machine) and drawing the SVG picture into a PNG at 2x (an <img> of the SVG on a canvas), so
 * the PNG is the same picture as the SVG and the CLI's PNG.
 * @internal
 */

export function saveFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; give slow machines a moment before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Canvas sides above this fail in browsers; big pictures get a smaller pixel ratio. */
const MAX_SIDE = 16_000;

export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Uint8Array> {
  const ratio = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the picture could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas in this browser');
    ctx.scale(ratio, ratio);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob === null) throw new Error('the PNG could not be encoded');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
