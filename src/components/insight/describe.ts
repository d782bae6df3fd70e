// How the Insight views say the engine's conditions in words.
import type { ActivationCondition, MemberFeature } from '../../../worker/browser/insight-types.ts';

const mf = (f: MemberFeature) => `${f.member}/${f.feature}`;

/** "always", "with app/cli or app/tls", or that only several member features together do it. */
export function conditionText(c: ActivationCondition): string {
  if (c.kind === 'always') return 'always';
  if (c.anyOf.length === 0) return 'only with several member features on together';
  const names = c.anyOf.map(mf);
  if (names.length <= 4) return `with ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`;
  return `with any of ${names.length} member features (${names.slice(0, 3).join(', ')}, …)`;
}

export function conditionTitle(c: ActivationCondition): string | undefined {
  return c.kind === 'memberFeatures' && c.anyOf.length > 4 ? c.anyOf.map(mf).join('\n') : undefined;
}

/** A crate as people name it: `serde 1.0.189`. */
export function crateLabel(c: { readonly name: string; readonly version: string }): string {
  return `${c.name} ${c.version}`;
}

/** The spec `insight.why` takes for a crate: `name@version`. */
export function crateSpec(c: { readonly name: string; readonly version: string }): string {
  return `${c.name}@${c.version}`;
}
