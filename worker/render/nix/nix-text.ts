// Nix source text: string and attribute-name literals, and a line writer that
// lays code out the way nixfmt (RFC style) does — two-space indents, one item
// per line in lists of more than one, wrapped at a fixed width. Shared by every
// renderer that writes hand-readable Nix (not by Cargo.nix, whose layout is
// cargo2nix's own).

const KEYWORDS = new Set(['assert', 'else', 'if', 'in', 'inherit', 'let', 'or', 'rec', 'then', 'with']);

/** A double-quoted Nix string; `${` is escaped so nothing is interpolated. */
export function nixString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** A Nix attribute name, quoted when it is not a plain identifier. */
export function nixAttr(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !KEYWORDS.has(name) ? name : nixString(name);
}

/** Lines of Nix at a depth (two spaces each), kept within a column width. */
export class NixLines {
  readonly lines: string[] = [];

  constructor(readonly width = 100) {}

  line(depth = 0, text = ''): void {
    this.lines.push(text === '' ? '' : `${'  '.repeat(depth)}${text}`);
  }

  /** `# …` comment lines wrapped at the width, never inside a `code span`. */
  comment(depth: number, text: string): void {
    const width = this.width - depth * 2 - 2;
    const words = text.match(/`[^`]*`\S*|\S+/g) ?? [];
    let line = '';
    for (const word of words) {
      if (line !== '' && line.length + 1 + word.length > width) {
        this.line(depth, `# ${line}`);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') this.line(depth, `# ${line}`);
  }

  /** `name = value;`, with the value on its own line when the whole would be too wide. */
  binding(depth: number, name: string, value: string): void {
    const one = `${name} = ${value};`;
    if (depth * 2 + one.length <= this.width) this.line(depth, one);
    else {
      this.line(depth, `${name} =`);
      this.line(depth + 1, `${value};`);
    }
  }

  /** `head[ a ]tail`, or one item per line when there are several or one line would be too wide. */
  list(depth: number, head: string, items: readonly string[], tail = ';'): void {
    const one = items.length === 0 ? `${head}[ ]${tail}` : `${head}[ ${items[0]} ]${tail}`;
    if (items.length <= 1 && depth * 2 + one.length <= this.width) this.line(depth, one);
    else {
      this.line(depth, `${head}[`);
      for (const i of items) this.line(depth + 1, i);
      this.line(depth, `]${tail}`);
    }
  }

  /** The text, ending in one newline. */
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}
