/**
 * The hover layer (hoverLayer.ts) draws the hovered line of a big graph only: in the browser a
 * chunk of its own, fetched when a big graph's canvas is made, not with the default screen (the
 * demo is small; bench bundle). Until it has come the hovered line is restyled, as on small
 * graphs: the same line and label, drawn the slower way.
 * @internal
 */
import type * as HoverLayerModule from './hoverLayer.ts';
import { LazyModule } from '../../core/util/lazyModule.ts';

export const hoverLayerCode = new LazyModule<typeof HoverLayerModule>('the hover layer', () => import('./hoverLayer.ts'));
