/**
 * The kinds of search results and their words in the results list: on the default screen (the
 * search box, ui/filters/SearchBox.tsx), apart from the search itself (searchIndex.ts, a chunk of
 * its own in the browser: searchCode.ts).
 * @public
 */
export type SearchKind = 'workload' | 'pod' | 'pod-ip' | 'service' | 'service-ip' | 'policy' | 'namespace' | 'label' | 'namespace-label' | 'cidr' | 'outside';

/** What a kind is called in the results list. */
export const SEARCH_KIND_WORDS: Readonly<Record<SearchKind, string>> = {
  workload: 'workload',
  pod: 'pod',
  'pod-ip': 'pod IP',
  service: 'Service',
  'service-ip': 'Service IP',
  policy: 'policy',
  namespace: 'namespace',
  label: 'pod label',
  'namespace-label': 'namespace label',
  cidr: 'pods in range',
  outside: 'outside peer',
};
