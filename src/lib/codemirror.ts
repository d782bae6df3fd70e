// Everything CodeMirror, in one lazily loaded chunk: the page shell renders
// before this arrives.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, bracketMatching, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder as placeholderExt,
} from '@codemirror/view';
import { nix } from '@replit/codemirror-lang-nix';

export type EditorLanguage = 'toml' | 'nix';

export interface EditorDiagnostic {
  readonly line: number;
  readonly column: number | undefined;
  readonly message: string;
}

export interface EditorHandle {
  setText(text: string): void;
  getText(): string;
  setDiagnostics(diags: readonly EditorDiagnostic[]): void;
  jumpTo(line: number, column?: number): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly text: string;
  readonly language: EditorLanguage;
  readonly readOnly: boolean;
  readonly label: string;
  readonly placeholder?: string;
  readonly onChange?: (text: string) => void;
  readonly onPaste?: (text: string) => boolean;
  readonly onRun?: () => void;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--editor-bg)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'var(--selection) !important' },
});

// Token colours come from CSS variables (src/styles.css), so light and dark
// schemes both stay readable without swapping extensions.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.controlKeyword, t.definitionKeyword], color: 'var(--tok-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--tok-string)' },
  { tag: [t.number, t.bool, t.atom, t.null], color: 'var(--tok-atom)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.propertyName, t.attributeName], color: 'var(--tok-property)' },
  { tag: [t.variableName, t.labelName], color: 'var(--tok-variable)' },
  { tag: [t.squareBracket, t.bracket, t.brace, t.paren], color: 'var(--tok-bracket)' },
  { tag: [t.url, t.link], color: 'var(--tok-string)', textDecoration: 'underline' },
]);

function positionOf(state: EditorState, line: number, column: number | undefined): number {
  const l = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
  return Math.min(l.from + Math.max((column ?? 1) - 1, 0), l.to);
}

export function createEditor(o: EditorOptions): EditorHandle {
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    drawSelection(),
    history(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(highlight),
    o.language === 'toml' ? StreamLanguage.define(toml) : nix(),
    lintGutter(),
    theme,
    // Read-only outputs stay focusable, so the keyboard can scroll, select and copy them.
    EditorState.readOnly.of(o.readOnly),
    EditorView.contentAttributes.of({
      'aria-label': o.label,
      'aria-describedby': 'editor-help',
      tabindex: '0',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    }),
    keymap.of([{ key: 'Mod-Enter', run: () => (o.onRun?.(), true) }, ...defaultKeymap, ...historyKeymap, indentWithTab]),
  ];
  // Generated Nix reads best unwrapped (long conditions stay on their line); inputs wrap.
  if (!o.readOnly) extensions.push(EditorView.lineWrapping);
  if (o.placeholder) extensions.push(placeholderExt(o.placeholder));
  if (o.onChange) {
    const onChange = o.onChange;
    extensions.push(EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())));
  }
  if (o.onPaste) {
    const onPaste = o.onPaste;
    extensions.push(
      EditorView.domEventHandlers({
        paste: (event) => {
          const text = event.clipboardData?.getData('text/plain');
          if (text && onPaste(text)) {
            event.preventDefault();
            return true;
          }
          return false;
        },
      }),
    );
  }
  const view = new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.text, extensions }) });
  return {
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    getText: () => view.state.doc.toString(),
    setDiagnostics(diags) {
      const out: Diagnostic[] = diags.map((d) => {
        const from = positionOf(view.state, d.line, d.column);
        const line = view.state.doc.lineAt(from);
        return { from, to: d.column === undefined ? line.to : Math.min(from + 1, line.to), severity: 'error', message: d.message };
      });
      view.dispatch(setDiagnostics(view.state, out));
    },
    jumpTo(line, column) {
      const pos = positionOf(view.state, line, column);
      view.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
