// Everything CodeMirror, in one lazily loaded chunk: the page shell renders
// before this arrives.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
// The language alone, not markdown(): that one adds HTML support (lang-html, -css, -javascript),
// which generated notes never need and which would triple this chunk.
import { markdownLanguage } from '@codemirror/lang-markdown';
import { HighlightStyle, StreamLanguage, bracketMatching, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState, type Extension } from '@codemirror/state';
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

/** The languages of the inputs and of every output (worker/render/renderer.ts OutputLanguage). */
export type EditorLanguage = 'toml' | 'nix' | 'json' | 'markdown' | 'text';

export interface EditorDiagnostic {
  readonly line: number;
  readonly column: number | undefined;
  readonly message: string;
}

export interface EditorHandle {
  /**
   * Show document `id` with `text`, highlighted as `language` (the editor's own language when not
   * given). Each id keeps its own editor state (undo history, selection) across switches; a text
   * that differs from what the editor holds replaces it as one undoable change.
   */
  show(id: string, text: string, language?: EditorLanguage): void;
  /** Drop kept states of documents that no longer exist. */
  retain(ids: ReadonlySet<string>): void;
  /** The accessible name and placeholder of the document on show (they follow the file). */
  describe(label: string, placeholder: string | undefined): void;
  setText(text: string): void;
  getText(): string;
  setDiagnostics(diags: readonly EditorDiagnostic[]): void;
  jumpTo(line: number, column?: number): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly id: string;
  readonly text: string;
  readonly language: EditorLanguage;
  readonly readOnly: boolean;
  readonly label: string;
  readonly placeholder?: string;
  readonly onChange?: (text: string) => void;
  readonly onPaste?: (text: string) => boolean;
  readonly onRun?: () => void;
  /** More extensions for every document of this editor (the output pane's "why" links). */
  readonly extensions?: Extension;
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
  // Markdown notes: headings and emphasis by weight and style, inline code like strings.
  { tag: t.heading, color: 'var(--tok-keyword)', fontWeight: 'bold' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.monospace, color: 'var(--tok-string)' },
  { tag: [t.processingInstruction, t.contentSeparator], color: 'var(--tok-bracket)' },
]);

function languageSupport(language: EditorLanguage): Extension {
  switch (language) {
    case 'toml':
      return StreamLanguage.define(toml);
    case 'nix':
      return nix();
    case 'json':
      return json();
    case 'markdown':
      return markdownLanguage;
    case 'text':
      return [];
  }
}

function positionOf(state: EditorState, line: number, column: number | undefined): number {
  const l = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines));
  return Math.min(l.from + Math.max((column ?? 1) - 1, 0), l.to);
}

function description(label: string, placeholder: string | undefined): Extension {
  return [
    EditorView.contentAttributes.of({
      'aria-label': label,
      'aria-describedby': 'editor-help',
      tabindex: '0',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    }),
    placeholder ? placeholderExt(placeholder) : [],
  ];
}

export function createEditor(o: EditorOptions): EditorHandle {
  const described = new Compartment();
  const language = new Compartment();
  /** Per document: the language its state highlights. */
  const languages = new Map<string, EditorLanguage>([[o.id, o.language]]);
  /** Per document: the label and placeholder its state was last given. */
  const descriptions = new Map<string, string>([[o.id, `${o.label}\0${o.placeholder ?? ''}`]]);
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
    language.of(languageSupport(o.language)),
    lintGutter(),
    theme,
    // Read-only outputs stay focusable, so the keyboard can scroll, select and copy them.
    EditorState.readOnly.of(o.readOnly),
    described.of(description(o.label, o.placeholder)),
    keymap.of([{ key: 'Mod-Enter', run: () => (o.onRun?.(), true) }, ...defaultKeymap, ...historyKeymap, indentWithTab]),
    o.extensions ?? [],
  ];
  // Generated Nix reads best unwrapped (long conditions stay on their line); inputs wrap.
  if (!o.readOnly) extensions.push(EditorView.lineWrapping);
  if (o.onChange) {
    const onChange = o.onChange;
    extensions.push(
      EditorView.updateListener.of((u) => {
        if (!u.docChanged || replacing) return;
        lastText = u.state.doc.toString();
        onChange(lastText);
      }),
    );
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
  // The text last sent to or received from the page: comparing against it is
  // a pointer check, where comparing against the document would copy it on every keystroke.
  let lastText = o.text;
  // Replacing text from the page must not echo back to the page as an edit.
  let replacing = false;
  let currentId = o.id;
  const kept = new Map<string, EditorState>();
  const view = new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.text, extensions }) });
  const setText = (text: string) => {
    if (text === lastText && text.length === view.state.doc.length) return;
    lastText = text;
    if (text === view.state.doc.toString()) return;
    replacing = true;
    try {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    } finally {
      replacing = false;
    }
  };
  return {
    show(id, text, lang = o.language) {
      if (id !== currentId) {
        kept.set(currentId, view.state);
        const next = kept.get(id);
        kept.delete(id);
        view.setState(next ?? EditorState.create({ doc: text, extensions }));
        lastText = next ? view.state.doc.toString() : text;
        currentId = id;
        if (!next) languages.set(id, o.language);
      }
      // Two backends may both write a file of one name: the state follows the file shown.
      if (languages.get(id) !== lang) {
        languages.set(id, lang);
        view.dispatch({ effects: language.reconfigure(languageSupport(lang)) });
      }
      setText(text);
    },
    retain(ids) {
      for (const id of kept.keys()) if (!ids.has(id)) kept.delete(id);
      for (const id of descriptions.keys()) if (!ids.has(id) && id !== currentId) descriptions.delete(id);
      for (const id of languages.keys()) if (!ids.has(id) && id !== currentId) languages.delete(id);
    },
    describe(label, placeholder) {
      const key = `${label}\0${placeholder ?? ''}`;
      if (descriptions.get(currentId) === key) return;
      descriptions.set(currentId, key);
      view.dispatch({ effects: described.reconfigure(description(label, placeholder)) });
    },
    setText,
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
