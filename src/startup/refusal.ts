// A start-up refusal: a data or configuration file the operator must fix. The entry points print its
// message alone (it names the file, the field and the reason, never stored content) and exit with
// exitCode, without a stack trace. Every such error extends this class, so new files need no registration.
export class StartupRefusal extends Error {
  override name = 'StartupRefusal';
  constructor(
    message: string,
    readonly exitCode: number = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
