/** `--rule id=severity` and `--rule 'id=["error",{...}]'` flags, validated later with the config schema. */
import type { RuleSetting } from '../config/types.js';
import { UsageError } from '../engine/engine.js';

export function parseRuleFlags(flags: readonly string[]): Record<string, RuleSetting> {
  // Own properties only: "__proto__" must be a (then unknown) rule id, not the object's prototype.
  const out = Object.create(null) as Record<string, RuleSetting>;
  const set = (id: string, setting: RuleSetting) => Object.defineProperty(out, id, { value: setting, enumerable: true, writable: true, configurable: true });
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--rule expects id=severity, got "${flag}"`);
    const id = flag.slice(0, eq).trim();
    const value = flag.slice(eq + 1).trim();
    if (value.startsWith('[')) {
      try {
        set(id, JSON.parse(value) as RuleSetting);
      } catch {
        throw new UsageError(`--rule ${id}: "${value}" is not valid JSON`);
      }
    } else {
      set(id, value as RuleSetting);
    }
  }
  return out;
}
