// The README's table of options, made from the input declarations (a test keeps the README in step).
import { mdText } from './escape.js';
import type { Input } from '../inputs/inputs.js';

export function inputsMarkdown(inputs: Input[]): string {
  const rows = inputs.map((i) => {
    const flag = i.kind === 'confirm' ? `\`--${i.option}\` / \`--no-${i.option}\`` : `\`--${i.option}\``;
    const asked = i.asked === false ? 'never asked' : i.required ? 'asked; required without a terminal unless --yes' : 'asked';
    return `| ${flag} | ${mdText(i.description).replace(/\|/g, '\\|')} | ${asked} |`;
  });
  return ['| option | what it is | prompt |', '|---|---|---|', ...rows].join('\n');
}
