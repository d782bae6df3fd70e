// Which Insight view is on screen and what it shows, as one string. It lives in the playground's
// `outputTab` (the Insight area shows in place of a generated file), so share links and embeds
// carry it with no change to their schema: `insight:why?crate=serde%401.0.0&feature=std`.
const PREFIX = 'insight:';

export interface InsightRoute {
  /** A view id from INSIGHT_VIEWS (`why`, `platforms`, `native`, …). */
  readonly view: string;
  readonly params: Readonly<Record<string, string>>;
}

export function isInsightTab(tab: string | undefined): tab is string {
  return tab !== undefined && tab.startsWith(PREFIX);
}

/** The route an output tab names, or undefined for a generated file's tab. */
export function parseInsightTab(tab: string | undefined): InsightRoute | undefined {
  if (!isInsightTab(tab)) return undefined;
  const rest = tab.slice(PREFIX.length);
  const q = rest.indexOf('?');
  const view = q < 0 ? rest : rest.slice(0, q);
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(rest.slice(q + 1))) params[k] = v;
  return { view, params };
}

/** The output tab for a route; empty parameters are left out, the rest in a fixed order. */
export function insightTab(route: InsightRoute): string {
  const entries = Object.entries(route.params)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(entries).toString();
  return `${PREFIX}${route.view}${query ? `?${query}` : ''}`;
}
