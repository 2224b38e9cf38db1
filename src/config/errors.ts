/**
 * An invalid plie-audit.yaml or rule set (exit code 2). `message` is French, one line per problem,
 * each naming the file and the key path (`plie-audit.yaml › referents[1].etp : nombre attendu…`).
 */
export class ConfigError extends Error {
  /** One French line per problem (the `message` is these lines joined). */
  readonly problems: string[];

  constructor(
    problems: string | string[],
    /** The file at fault, as shown to the user; null when no file is involved. */
    readonly file: string | null = null,
  ) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(joinProblems(list));
    this.name = 'ConfigError';
    this.problems = list;
  }
}

const MAX_SHOWN = 20;

function joinProblems(list: string[]): string {
  if (list.length <= MAX_SHOWN) return list.join('\n');
  const rest = list.length - MAX_SHOWN;
  return [...list.slice(0, MAX_SHOWN), `… et ${rest} autre${rest > 1 ? 's' : ''} erreur${rest > 1 ? 's' : ''}`].join('\n');
}
