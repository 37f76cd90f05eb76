// Which rules a run reports: --select and --ignore (or select and ignore in pyproject.toml), each a list of rule
// ids or prefixes of them (`info-target` is every `info-target-*` rule). As in ruff, the most specific entry that
// names a rule decides, so `--ignore info --select info-target-bare-string` reports that one .info rule; between
// a select and an ignore entry of the same length, the ignore wins. Without a select every rule is selected.
import { UsageError } from '../errors.js';
import { RULES, type Rule } from '../imagefactory/rules.js';
import { editDistance } from '../text.js';
import type { Finding } from './info-file.js';
import type { ValidateResult } from './validate.js';

export interface Selection {
  select?: string[];
  ignore?: string[];
}

const IDS = (RULES as readonly Rule[]).map((r) => r.id);

const names = (entry: string, rule: string) => rule === entry || rule.startsWith(`${entry}-`);

/**
 * The entries of a --select or --ignore value (comma-separated) or of a pyproject.toml array, checked: each names
 * a rule or a prefix of rule ids that ends at a dash. `where` names the option or the setting in the error.
 */
export function ruleEntries(entries: string[], where: string): string[] {
  const list = entries.map((e) => e.trim());
  if (!list.length || list.some((e) => e === '')) {
    throw new UsageError(`${where} needs rule ids or prefixes separated by commas, e.g. info-target,py-implicit-import (the rules: ifplugin validate --rules)`);
  }
  const unknown = list.filter((e) => !IDS.some((id) => names(e, id)));
  if (unknown.length) {
    const near = unknown.map((u) => IDS.find((id) => editDistance(id, u) <= 2)).filter(Boolean);
    throw new UsageError(
      `${where}: no rule is named ${unknown.map((u) => `'${u}'`).join(', ')} or starts with ${unknown.length > 1 ? 'them' : 'it'}` +
        `${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the rules: ifplugin validate --rules`,
    );
  }
  return list;
}

/** Whether the selection reports `rule`. */
export function selected(rule: string, { select, ignore = [] }: Selection): boolean {
  const longest = (entries: string[]) => Math.max(-1, ...entries.filter((e) => names(e, rule)).map((e) => e.length));
  // No select: everything, as the least specific entry.
  const selectedBy = select ? longest(select) : 0;
  return selectedBy >= 0 && selectedBy > longest(ignore);
}

/** The result with only the selected findings, counted again. */
export function applySelection(result: ValidateResult, selection: Selection): ValidateResult {
  if (!selection.select && !selection.ignore?.length) return result;
  const findings = result.findings.filter((f: Finding) => selected(f.rule, selection));
  return {
    ...result,
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
