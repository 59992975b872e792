/**
 * The words of the choice between the two readings of AdminNetworkPolicy/BaselineAdminNetworkPolicy
 * (`EngineSettings.tiersAs`): the CLI's `--tiers-as` help and the app's agent settings say the same.
 * Its own module, so only the CLI and the app's lazy agent settings panel carry it.
 */
import type { TiersReading } from './types.ts';

/** What each reading does, as the CLI's `--tiers-as` help says it. */
export const TIERS_AS_WORDS =
  'AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): cilium (default): no effect, no Cilium release reads them; netpol-analyzer: applied as np-guard reads them';

/** The readings, the default first. */
export const TIERS_READINGS: readonly TiersReading[] = ['cilium', 'netpol-analyzer'];
