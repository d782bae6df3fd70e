// What cargo 0.66's dependency resolver and workspace say about features asked for on the command
// line that cannot be had, in cargo's words and in cargo's order: first every root's own features
// (`build_requirements`: a missing feature, a required dependency or a `dep:`-hidden optional one
// used as a feature, then `dep/feat` naming no dependency), then the features each root asks of
// its dependencies (`failed to select a version …`), and the "did you mean" list of
// `report_unknown_features_error` under resolver 2.
import { comparePackageId, type PackageId } from '../../core/package-id.ts';
import type { Dependency, FeatureValue, Summary } from '../../core/summary.ts';
import type { LockGraph } from '../../resolve/resolver.ts';
import type { MemberRequest } from './feature-resolver.ts';
import { levDistance, SpecError } from './package-spec.ts';
import { displayCliFeature, type CliFeature } from './tree-options.ts';

/** `name vX.Y.Z (source)`, as cargo displays a package id. */
export type DisplayId = (id: PackageId) => string;

/** The features a root turns on, and the features it asks of each dependency (by name in its manifest). */
interface Requirements {
  readonly features: Set<string>;
  readonly deps: Map<string, Set<string>>;
}

/** Rust's `str` order (by code point), which cargo's BTreeSets of names keep. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** cargo's `RequirementError::into_activate_error` for a root (`parent` is none). */
function missingFeature(summary: Summary, feature: string, displayId: DisplayId): SpecError {
  const who = displayId(summary.id);
  const named = summary.dependencies.filter((d) => d.nameInToml === feature);
  if (named.length === 0) return new SpecError(`Package \`${who}\` does not have the feature \`${feature}\``);
  if (named.some((d) => d.optional))
    return new SpecError(
      `Package \`${who}\` does not have feature \`${feature}\`. It has an optional dependency with that name, but that dependency uses the "dep:" syntax in the features table, so it does not have an implicit feature with that name.`,
    );
  return new SpecError(
    `Package \`${who}\` does not have feature \`${feature}\`. It has a required dependency with that name, but only optional dependencies can be used as features.`,
  );
}

/** cargo's `build_requirements` for a root asked for `m`'s features, with its errors. */
function rootRequirements(summary: Summary, m: MemberRequest, displayId: DisplayId): Requirements {
  const reqs: Requirements = { features: new Set(), deps: new Map() };
  const depFeatures = (dep: string) => {
    let s = reqs.deps.get(dep);
    if (!s) reqs.deps.set(dep, (s = new Set()));
    return s;
  };
  const requireFeature = (feature: string): void => {
    if (reqs.features.has(feature)) return;
    reqs.features.add(feature);
    const values = summary.features.get(feature);
    if (!values) throw missingFeature(summary, feature, displayId);
    for (const v of values) {
      if (v.kind === 'feature' && v.name === feature) throw new SpecError(`cyclic feature dependency: feature \`${feature}\` depends on itself`);
      requireValue(v);
    }
  };
  const requireValue = (v: FeatureValue): void => {
    if (v.kind === 'feature') requireFeature(v.name);
    else if (v.kind === 'dep') depFeatures(v.dep);
    else {
      // `dep/feat` on an optional dependency also turns on its implicit feature (absent under `dep:`).
      if (!v.weak && summary.dependencies.some((d) => d.nameInToml === v.dep && d.optional)) requireFeature(v.dep);
      depFeatures(v.dep).add(v.feature);
    }
  };
  if (m.allFeatures) for (const k of [...summary.features.keys()].sort(byCodePoint)) requireFeature(k);
  for (const f of m.features) requireValue(f);
  if (m.usesDefaultFeatures && summary.features.has('default')) requireFeature('default');
  return reqs;
}

/** The dependencies the resolver activates for a root, in its order: the manifest's, an optional one only when asked for. */
function activatedDeps(summary: Summary, reqs: Requirements): Dependency[] {
  return summary.dependencies.filter((d) => !d.optional || reqs.deps.has(d.nameInToml));
}

/**
 * The roots' refusals of their own features, then of their dependencies' features, as cargo's
 * resolver reports the first one (roots are all activated before any dependency is).
 */
export function checkFeatureRequests(graph: LockGraph, members: readonly MemberRequest[], displayId: DisplayId): void {
  const roots = members.map((m) => {
    const summary = graph.summary(m.id.key);
    const reqs = rootRequirements(summary, m, displayId);
    const valid = new Set(activatedDeps(summary, reqs).map((d) => d.nameInToml));
    // cargo walks a HashMap here; with several such names the one it names is arbitrary, ours the first in order.
    const missing = [...reqs.deps.keys()].sort(byCodePoint).find((name) => !valid.has(name));
    if (missing !== undefined) throw new SpecError(`package \`${displayId(m.id)}\` does not have a dependency named \`${missing}\``);
    return { summary, reqs };
  });
  for (const { summary, reqs } of roots) {
    for (const dep of activatedDeps(summary, reqs)) {
      const target = graph.target(summary, dep);
      if (!target) continue;
      const asked = [...new Set([...(reqs.deps.get(dep.nameInToml) ?? []), ...dep.features])].sort(byCodePoint);
      const depSummary = graph.summary(target.key);
      const lacking = asked.find((f) => !f.includes('/') && !depSummary.features.has(f));
      if (lacking !== undefined) throw dependencyConflict(summary, dep, target, depSummary, lacking, displayId);
    }
  }
}

/** cargo's `activation_error` for a locked dependency that lacks a feature its parent asks for. */
function dependencyConflict(
  parent: Summary,
  dep: Dependency,
  target: PackageId,
  depSummary: Summary,
  feature: string,
  displayId: DisplayId,
): SpecError {
  const name = dep.packageName;
  const named = depSummary.dependencies.filter((d) => d.nameInToml === feature);
  let why = `the package \`${parent.id.name}\` depends on \`${name}\`, with features: \`${feature}\` but \`${name}\` does not have these features.\n`;
  if (named.some((d) => d.optional))
    why +=
      ' It has an optional dependency with that name, but that dependency uses the "dep:" syntax in the features table, so it does not have an implicit feature with that name.\n';
  else if (named.length > 0) why += ' It has a required dependency with that name, but only optional dependencies can be used as features.\n';
  return new SpecError(
    `failed to select a version for \`${name}\`.\n` +
      `    ... required by package \`${displayId(parent.id)}\`\n` +
      `versions that meet the requirements \`${displayVersionReq(dep.req)}\` (locked to ${target.version}) are: ${target.version}\n\n` +
      `${why}\n\nfailed to select a version for \`${name}\` which could resolve this conflict`,
  );
}

/** How the `semver` crate (1.0) prints a requirement: `1` as `^1`, `>= 1.0` as `>=1.0`, `1.*` kept, `*` alone. */
export function displayVersionReq(req: string): string {
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && /^[*xX]$/.test(parts[0]!))) return '*';
  const shown = parts.map((p) => {
    const m = /^(>=|<=|>|<|=|~|\^)?\s*(.*)$/.exec(p)!;
    const [numbers, ...pre] = m[2]!.split('+')[0]!.split('-');
    const fields = numbers!.split('.');
    const wild = fields.findIndex((f) => /^[*xX]$/.test(f));
    const kept = wild < 0 ? fields : fields.slice(0, wild);
    const op = m[1] ?? (wild < 0 ? '^' : '');
    const wildcard = m[1] === undefined && wild >= 0 ? '.*' : '';
    const prerelease = pre.length > 0 && kept.length === 3 ? `-${pre.join('-')}` : '';
    return `${op}${kept.join('.')}${prerelease}${wildcard}`;
  });
  return shown.join(', ');
}

/** cargo's `report_unknown_features_error`: the features no selected member has, with up to five close names. */
export function unknownFeaturesError(
  graph: LockGraph,
  selected: readonly PackageId[],
  cli: readonly CliFeature[],
  found: ReadonlySet<string>,
): SpecError {
  const close = (a: string, b: string) => levDistance(a, b) < 4;
  const summaryFeatures: string[] = [];
  const dependencyFeatures = new Map<string, readonly string[]>();
  const optionalNames: string[] = [];
  const perMember: { readonly name: string; readonly features: string[]; readonly optional: string[] }[] = [];
  for (const id of selected) {
    const summary = graph.summary(id.key);
    const features = [...summary.features.keys()].sort(byCodePoint);
    summaryFeatures.push(...features);
    // By name in the manifest: a later declaration of the same name wins, as in cargo's map.
    const deps = new Map<string, Dependency>();
    for (const d of summary.dependencies) deps.set(d.nameInToml, d);
    const names = [...deps.keys()].sort(byCodePoint);
    for (const n of names) dependencyFeatures.set(n, deps.get(n)!.features);
    const optional = names.filter((n) => deps.get(n)!.optional);
    optionalNames.push(...optional);
    perMember.push({ name: id.name, features, optional });
  }
  const order = selected.map((id, i) => [id, i] as const).sort((a, b) => comparePackageId(a[0], b[0]));
  const members = order.map(([, i]) => perMember[i]!);
  const unknown = cli.filter((f) => !found.has(displayCliFeature(f)));
  const proposals: string[] = [];
  for (const f of unknown) {
    if (f.kind === 'feature') {
      proposals.push(...summaryFeatures.filter((s) => close(s, f.name)), ...optionalNames.filter((s) => close(s, f.name)));
      continue;
    }
    for (const n of [...dependencyFeatures.keys()].sort(byCodePoint)) {
      if (close(n, f.dep))
        proposals.push(
          ...dependencyFeatures
            .get(n)!
            .filter((x) => close(x, f.feature))
            .map((x) => `${n}/${x}`),
        );
    }
    // cargo compares the optional dependency's name with the `dep` part here, not the feature part.
    for (const m of members) if (close(m.name, f.dep)) proposals.push(...m.optional.filter((o) => close(o, f.dep)).map((o) => `${m.name}/${o}`));
    for (const m of members) if (close(m.name, f.dep)) proposals.push(...m.features.filter((x) => close(x, f.feature)).map((x) => `${m.name}/${x}`));
  }
  const asked = new Set(cli.map(displayCliFeature));
  const suggestions = [...new Set(proposals)]
    .filter((p) => !asked.has(p))
    .sort(byCodePoint)
    .slice(0, 5);
  const names = unknown.map(displayCliFeature).sort(byCodePoint);
  const tail = suggestions.length > 0 ? `, did you mean: ${suggestions.join(', ')}?` : '';
  return new SpecError(`none of the selected packages contains these features: ${names.join(', ')}${tail}`);
}
