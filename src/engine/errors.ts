/**
 * Errors that stop the audit (exit code 2). Their message is one French sentence meant for the
 * user; anything else is a bug and shows a stack trace only with DEBUG=plie-audit.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
