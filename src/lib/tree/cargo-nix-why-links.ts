// "Why is this here?" from the Cargo.nix on screen, as CodeMirror extensions: crate names and
// features drawn as links (marks only: the document's text, hence copy and download, is
// untouched), a hover tooltip asking the question, a click or tap on a link, and Alt-Enter on the
// cursor. Only the visible lines are read (cargo-nix-why.ts), so the 388-crate file costs what
// its screenful costs.
import { Prec, RangeSetBuilder, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, hoverTooltip, keymap, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { targetAt, targetsInLines, whyQuestion, type WhyTarget } from './cargo-nix-why.ts';

export const WHY_KEY = 'Alt-Enter';

export interface WhyLinkHandlers {
  /** Open the why of a crate or feature. */
  readonly onWhy: (target: WhyTarget) => void;
  /** The cursor moved onto a link (or off every link: undefined), for screen readers. */
  readonly onCursor?: (target: WhyTarget | undefined) => void;
  /** The key was pressed with the cursor on no crate or feature. */
  readonly onMiss?: () => void;
}

const link = Decoration.mark({ class: 'cm-why-link' });
const featureLink = Decoration.mark({ class: 'cm-why-link cm-why-feature' });

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  let last = 0;
  for (const { from, to } of view.visibleRanges) {
    // Visible ranges may share a line (a fold between them); each line is read once.
    const first = Math.max(doc.lineAt(from).number, last + 1);
    const end = doc.lineAt(to).number;
    if (first > end) continue;
    for (const t of targetsInLines(doc, first, end)) builder.add(t.from, t.to, t.feature === undefined ? link : featureLink);
    last = end;
  }
  return builder.finish();
}

const links = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (p) => p.decorations },
);

const atCursor = (state: EditorState): WhyTarget | undefined => targetAt(state.doc, state.selection.main.head);

const theme = EditorView.baseTheme({
  '.cm-why-link': {
    textDecoration: 'underline dotted',
    textUnderlineOffset: '3px',
    cursor: 'pointer',
  },
  '.cm-why-link:hover': { textDecorationStyle: 'solid' },
  '.cm-why-tooltip': { padding: '0', border: 'none' },
  '.cm-why-tooltip button': {
    font: 'inherit',
    fontSize: '13px',
    padding: '4px 8px',
    cursor: 'pointer',
    color: 'var(--accent)',
    background: 'var(--bg)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
  },
});

export function whyLinks(h: WhyLinkHandlers): Extension {
  let lastCursor: string | undefined;
  /** The link the mouse was pressed on, if it was. */
  let pressed: WhyTarget | undefined;
  return [
    links,
    theme,
    hoverTooltip(
      (view, pos, side) => {
        const t = targetAt(view.state.doc, pos);
        // At a link's very end only the character before it is hovered.
        if (!t || (pos === t.to && side > 0) || (pos === t.from && side < 0)) return null;
        return {
          pos: t.from,
          end: t.to,
          above: true,
          create: () => {
            const dom = document.createElement('div');
            dom.className = 'cm-why-tooltip';
            const button = document.createElement('button');
            button.type = 'button';
            button.textContent = whyQuestion(t);
            button.addEventListener('click', () => h.onWhy(t));
            dom.append(button);
            return { dom };
          },
        };
      },
      { hideOnChange: true },
    ),
    EditorView.domEventHandlers({
      // Press and release, not `click`: pressing moves the cursor, which may redraw the line, and a
      // click whose press target left the document never comes.
      mousedown: (event, view) => {
        const onLink = event.button === 0 && event.target instanceof Element && event.target.closest('.cm-why-link') !== null;
        const pos = onLink ? view.posAtCoords({ x: event.clientX, y: event.clientY }) : null;
        pressed = pos === null ? undefined : targetAt(view.state.doc, pos);
        return false;
      },
      mouseup: (event, view) => {
        const t = pressed;
        pressed = undefined;
        if (!t || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return false;
        // A drag that selected text is a selection, not a click on the link.
        if (!view.state.selection.main.empty) return false;
        const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
        if (pos === null || targetAt(view.state.doc, pos)?.from !== t.from) return false;
        // After CodeMirror has finished with the release (the editor goes away with it).
        queueMicrotask(() => h.onWhy(t));
        return false;
      },
    }),
    Prec.high(
      keymap.of([
        {
          key: WHY_KEY,
          run: (view) => {
            const t = atCursor(view.state);
            if (t) h.onWhy(t);
            else h.onMiss?.();
            return true;
          },
        },
      ]),
    ),
    EditorView.updateListener.of((u) => {
      if (!h.onCursor || !u.selectionSet) return;
      const t = atCursor(u.state);
      const id = t ? `${t.crate}\0${t.feature ?? ''}` : undefined;
      if (id === lastCursor) return;
      lastCursor = id;
      h.onCursor(t);
    }),
  ];
}
