/**
 * Errors that stop a command because of what the user asked for, reported as `archlint: <message>`
 * with exit code 2 (never with a stack trace). Anything else that is thrown is a bug in archlint.
 */

/** A wrong command line, or an operand that cannot be used (a missing file, a glob matching nothing). */
export class UsageError extends Error {}

/** An output cannot be written (a directory in the way, no permission, no space). */
export class OutputError extends UsageError {}
