import { useEffect, useRef, useState } from 'react';
import type { PickedFolder } from './folderFiles.ts';

const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files and folders dropped anywhere on the window (a dropped folder is walked, see
 * folderFiles.ts). Returns whether files are being dragged over it (for the overlay).
 * Enter/leave fire for every child element, so nesting depth is counted.
 */
export function useFileDrop(onFiles: (files: File[], folders: PickedFolder[]) => void): boolean {
  const [active, setActive] = useState(false);
  const latest = useRef(onFiles);
  useEffect(() => {
    latest.current = onFiles;
  }, [onFiles]);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setActive(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      // Without this the browser would navigate to the dropped file.
      e.preventDefault();
      depth = 0;
      setActive(false);
      // Directory entries can only be asked for during the event itself.
      const entries = [...(e.dataTransfer?.items ?? [])].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry?.() ?? null);
      const dirs = entries.filter((x): x is FileSystemDirectoryEntry => x !== null && x.isDirectory);
      if (dirs.length === 0) {
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length > 0) latest.current(files, []);
        return;
      }
      const fileEntries = entries.filter((x): x is FileSystemFileEntry => x !== null && x.isFile);
      // The folder walker is a chunk of its own (only folders need it).
      const walked = import('./folderFiles.ts').then(({ walkDroppedFolder }) => Promise.all(dirs.map(walkDroppedFolder)));
      void Promise.all([walked, Promise.all(fileEntries.map((f) => new Promise<File | null>((resolve) => f.file(resolve, () => resolve(null)))))]).then(([folders, files]) =>
        latest.current(
          files.filter((f): f is File => f !== null),
          folders,
        ),
      );
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return active;
}
