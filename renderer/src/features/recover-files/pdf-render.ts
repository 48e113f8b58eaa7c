import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
// The worker is emitted as a same-origin file, so it loads under the page's CSP (worker-src 'self').
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Renders the first page of a PDF into `canvas`, `width` CSS pixels wide. Abort stops and frees the work. */
export async function renderFirstPage(
  dataBase64: string,
  canvas: HTMLCanvasElement,
  width: number,
  signal: AbortSignal,
): Promise<number> {
  // No eval (CSP has no 'unsafe-eval'); the document's scripts never run.
  const task = getDocument({
    data: decodeBase64(dataBase64),
    isEvalSupported: false,
    enableXfa: false,
  });
  const abort = (): void => void task.destroy();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    await page.render({ canvas, viewport }).promise;
    return doc.numPages;
  } finally {
    signal.removeEventListener('abort', abort);
    if (!signal.aborted) void task.destroy();
  }
}
