// Counted nouns for the page's English text ("1 crate", "3 crates"), using the
// platform's plural rules instead of `n === 1` checks scattered in markup.
const rules = new Intl.PluralRules('en');
const numbers = new Intl.NumberFormat('en');

/** `count(1, 'crate')` → "1 crate"; `count(2500, 'member')` → "2,500 members"; irregular plurals via `many`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${numbers.format(n)} ${rules.select(n) === 'one' ? one : many}`;
}
