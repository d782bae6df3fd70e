// On a narrow screen the page is one column (App.svelte's layout), and Insight or the backend
// comparison, when open, take a screen of their own below the inputs. Opening one brings it into
// view there, so a tap on Insight shows Insight rather than the inputs above it.

/** The layout's breakpoint (App.svelte's `@media (max-width: 800px)`). */
export const ONE_COLUMN = '(max-width: 800px)';

/** Scroll the page so the outputs pane starts at the top of the screen, in the one-column layout only. */
export function revealOutputs(doc: Document = document): void {
  if (!doc.defaultView?.matchMedia(ONE_COLUMN).matches) return;
  doc.querySelector('[aria-label="Outputs"]')?.scrollIntoView({ block: 'start' });
}
