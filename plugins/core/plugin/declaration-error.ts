/**
 * One error for a whole declaration: `define*()` and the registry collect
 * every problem first, so a developer fixes them in one pass rather than
 * one restart each.
 */
export type DeclarationErrorCode =
  | 'invalid_object'
  | 'invalid_plugin'
  | 'invalid_registry'
  | 'invalid_policy'
  | 'invalid_route'
  | 'invalid_settings'
  | 'invalid_command'
  | 'invalid_operation';

export class DeclarationError extends Error {
  readonly code: DeclarationErrorCode;
  /** What was declared, e.g. `defineObject("unit")`. */
  readonly subject: string;
  readonly problems: readonly string[];

  constructor(code: DeclarationErrorCode, subject: string, problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${subject} has ${count}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeclarationError';
    this.code = code;
    this.subject = subject;
    this.problems = problems;
  }
}
