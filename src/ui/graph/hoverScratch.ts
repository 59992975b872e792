/**
 * Where `installHoverLayer` (hoverLayer.ts) leaves its layer on `cy` (`cy.scratch`), for the test
 * API: a module of its own, so that the test API does not pull the hover layer's chunk
 * (hoverLayerCode.ts) onto the page.
 * @internal
 */
export const HOVER_SCRATCH = 'netpolHoverLayer';
