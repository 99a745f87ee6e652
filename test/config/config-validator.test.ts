// The config schema's validator is compiled at build time (scripts/config-validator.mjs, issue
// 13.16): the committed file must be what the schema gives today, or config files would be
// checked against an older schema.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { GENERATED, generateConfigValidator } from '../../scripts/config-validator.mjs';

describe('precompiled config validator', () => {
  it('is up to date with schema/promptlintrc.schema.json', () => {
    expect(fs.readFileSync(GENERATED as string, 'utf8') === (generateConfigValidator as () => string)()).toBe(true);
  });
});
