/**
 * What the page's export and print use of the core writer (core/export), in one chunk fetched
 * through exportCode.ts, never with the default screen.
 */
export { exportFileName, exportView } from '../../core/export/exportView.ts';
export { withPngText } from '../../core/export/png.ts';
export { PAGE_READABLE_PX, smallestTextAt } from '../../core/export/svg.ts';
