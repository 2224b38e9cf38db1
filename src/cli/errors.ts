/** Errors whose message is written for the user (exit 2, no stack trace). */
const USER_ERRORS = new Set(['InputError', 'ConfigError', 'RulesetError', 'UsageError']);

export function isUserError(err: unknown): err is Error {
  return err instanceof Error && USER_ERRORS.has(err.name);
}

export function errorMessage(err: Error): string {
  return err.message;
}
