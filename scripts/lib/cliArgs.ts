// The command-line handling every operator script shares: parse the flags, answer --help with the usage
// (exit 0), refuse a bad flag or value with the message and the usage (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The parsed flags of `options` (plus --help), or the process ends with the usage. */
export function parseCliArgs<const O extends Options>(usage: string, options: O) {
  let args;
  try {
    args = parseArgs<{ options: O & typeof HELP; allowPositionals: false }>({ options: { ...options, ...HELP }, allowPositionals: false });
  } catch (err) {
    exitWithUsage((err as Error).message, usage);
  }
  // The values' type is only known where O is, so --help is read through its own shape here.
  if ((args.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return args.values;
}

/** Says what is wrong, then how to call the script, and ends with exit code 2 (usage error). */
export function exitWithUsage(message: string, usage: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}
