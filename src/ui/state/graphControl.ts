/**
 * What the app (URL state, filters, path query) hands the graph view: the view state and the
 * selection it keeps, the model it built for that view, and the path a query lit up. The graph
 * view renders these; it never keeps its own copies when they are given.
 * @public
 */
import type { ViewAction } from '../../core/graph/viewState.ts';
import type { ViewState } from '../../core/graph/types.ts';
import type { PathMarks } from '../graph/pathMarks.ts';
import type { GraphModelResult } from '../graph/useGraphInputs.ts';

export interface GraphControl {
  readonly view: ViewState;
  readonly onViewAction: (action: ViewAction) => void;
  /** Selected element id (`w:<key>`, `e:<source>|<target>|<verdict>`, other node ids). */
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
  /** A path was chosen from a list (the paths table): move keyboard focus to its explanation. */
  readonly onChosen?: () => void;
  /** Nodes and edges to light up: the last path query's, or a lint finding's (null: none). */
  readonly highlight: PathMarks | null;
  /**
   * The model the app built for `view` (the same object its panels, counts and highlight use).
   * Without it the graph view asks the load's graph session itself.
   */
  readonly model?: GraphModelResult;
  /**
   * May the view collapse every group when the first model of a load is too big to draw
   * expanded? False when the user (or the URL) chose what is collapsed.
   */
  readonly autoCollapse?: boolean;
}
