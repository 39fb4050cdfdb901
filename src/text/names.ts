/** Names and counted nouns in sentences. */

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`: names in backticks, at most `max` shown. */
export function listNames(names: readonly string[], max = 4): string {
  const shown = names.slice(0, names.length > max ? max - 1 : max).map((n) => `\`${n}\``);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** `1 file`, `2 files`, `150,000 files`: a count (digits grouped) with its noun, `s` added for any count but one. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
