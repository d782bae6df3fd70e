// The embed page's parameters, from its query string (`/embed?layout=both&theme=dark#s=…`). A
// documentation page writes them by hand, so unknown values fall back to the defaults instead of
// failing the embed.

export type EmbedLayout = 'output' | 'both';
export type EmbedTheme = 'auto' | 'light' | 'dark';

export interface EmbedParams {
  /** `output`: the generated files only (default); `both`: inputs and outputs side by side. */
  readonly layout: EmbedLayout;
  /** `auto` follows the reader's system setting. */
  readonly theme: EmbedTheme;
  /** The inputs cannot be edited (always so with `layout=output`). */
  readonly readonly: boolean;
  /** The output file shown first (`Cargo.nix`, `flake.nix`); the link's own tab otherwise. */
  readonly tab: string | undefined;
}

export const EMBED_DEFAULTS: EmbedParams = { layout: 'output', theme: 'auto', readonly: false, tab: undefined };

const TRUE = new Set(['', '1', 'true', 'yes']);

export function readEmbedParams(search: string): EmbedParams {
  const q = new URLSearchParams(search);
  const layout = q.get('layout');
  const theme = q.get('theme');
  const readonly = q.get('readonly');
  const tab = q.get('tab');
  return {
    layout: layout === 'both' || layout === 'output' ? layout : EMBED_DEFAULTS.layout,
    theme: theme === 'light' || theme === 'dark' || theme === 'auto' ? theme : EMBED_DEFAULTS.theme,
    readonly: readonly === null ? EMBED_DEFAULTS.readonly : TRUE.has(readonly.toLowerCase()),
    tab: tab === null || tab === '' ? undefined : tab,
  };
}

/** The query string for non-default parameters (`''` when all are defaults), for the Embed dialog's snippet. */
export function embedQuery(params: EmbedParams): string {
  const q = new URLSearchParams();
  if (params.layout !== EMBED_DEFAULTS.layout) q.set('layout', params.layout);
  if (params.theme !== EMBED_DEFAULTS.theme) q.set('theme', params.theme);
  if (params.readonly && params.layout === 'both') q.set('readonly', '1');
  if (params.tab !== undefined) q.set('tab', params.tab);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
