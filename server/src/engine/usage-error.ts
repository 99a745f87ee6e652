/**
 * Thrown for unusable input the user must correct (exit 2): unreadable path, task file missing.
 * In a module of its own so that modules the engine imports (atomic-write.ts) can extend it.
 */
export class UsageError extends Error {}
