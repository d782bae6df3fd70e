// The Insight area's tabs, in order. Adding a view is one line here: a component taking
// InsightViewProps (view-props.ts), its id in the route (share links) and its tab label.
import type { Component } from 'svelte';
import DiffView from './DiffView.svelte';
import GraphView from './GraphView.svelte';
import NativeView from './NativeView.svelte';
import PlatformsView from './PlatformsView.svelte';
import TreeView from './TreeView.svelte';
import WhyView from './WhyView.svelte';
import type { InsightViewProps } from './view-props.ts';

export interface InsightView {
  readonly id: string;
  readonly label: string;
  readonly component: Component<InsightViewProps>;
}

export const INSIGHT_VIEWS: readonly InsightView[] = [
  { id: 'why', label: 'Why', component: WhyView },
  { id: 'tree', label: 'Tree', component: TreeView },
  { id: 'platforms', label: 'Platforms', component: PlatformsView },
  { id: 'native', label: 'Native libraries', component: NativeView },
  { id: 'graph', label: 'Graph', component: GraphView },
  { id: 'diff', label: 'Lock diff', component: DiffView },
];
