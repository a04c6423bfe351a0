export interface ConfigIssue {
  /** The environment variable at fault. */
  variable: string;
  /** Why the value was rejected; never contains the value itself. */
  reason: string;
}

/** Thrown by `loadConfig` when one or more variables are invalid; lists all of them at once. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  ${issue.variable}: ${issue.reason}`);
    const noun = issues.length === 1 ? 'variable' : 'variables';
    super(`Invalid configuration (${issues.length} ${noun}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
