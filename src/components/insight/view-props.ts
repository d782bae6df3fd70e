// What every Insight view component receives from InsightPanel.
import type { InsightClient } from '../../../worker/browser/insight-types.ts';
import type { MetadataSnapshot } from '../../../worker/metadata/memory-source.ts';

export interface InsightViewProps {
  readonly client: InsightClient;
  /** The view's own parameters from the route (shared in links). */
  readonly params: Readonly<Record<string, string>>;
  /** Replace the view's parameters (the route, hence the share link, follows). */
  readonly setParams: (params: Record<string, string>) => void;
  /** Open the "why" of a crate (`name@version`), and optionally one of its features. */
  readonly openWhy: (crate: string, feature?: string) => void;
  /** Show a crate's entry in Cargo.nix; undefined when the outputs have no Cargo.nix (another backend). */
  readonly openCargoNix?: ((name: string, version: string | undefined) => void) | undefined;
  /** Changes whenever a new workspace result arrives: views ask again. */
  readonly generation: number;
  /** makePackageSet's rootFeatures from the options; undefined keeps Cargo.nix's default. */
  readonly rootFeatures: readonly string[] | undefined;
  /** The run's share snapshot grew after the run (an older lock resolved for the lock diff read more metadata). */
  readonly snapshotGrew?: ((snapshot: MetadataSnapshot) => void) | undefined;
}
