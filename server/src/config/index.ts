/** Configuration and file discovery: the public API of server/src/config. */
export * from './defaults.js';
export { ConfigError, formatKeyPath, type PathSegment } from './errors.js';
export { findFiles, type FindFilesOptions, type FoundFiles } from './files.js';
export { matchesGlobs, normalizeGlob, rebaseGlob } from './globs.js';
export { ConfigLoader, isConfigFileName, parseRuleFlag, type ConfigLoaderOptions, type ForFileOptions } from './load.js';
export { normalizeSeverity } from './validate.js';
export type * from './types.js';
