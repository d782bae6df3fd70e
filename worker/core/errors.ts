// One error type for everything the generator rejects, so the command line,
// the worker and the site can all point at the offending file, line and crate.

export interface ErrorLocation {
  /** Path of the input file as the user named it, e.g. `Cargo.lock` or `app/Cargo.toml`. */
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** `name@version` or a bare crate name when the error is about one crate. */
  readonly crate?: string;
}

export class GeneratorError extends Error {
  readonly location: ErrorLocation;

  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'GeneratorError';
    this.location = location;
  }

  /** `file:line:column: message`, the shape compilers use and editors link. */
  format(): string {
    const { file, line, column } = this.location;
    let prefix = '';
    if (file) {
      prefix = file;
      if (line !== undefined) {
        prefix += `:${line}`;
        if (column !== undefined) prefix += `:${column}`;
      }
      prefix += ': ';
    }
    return prefix + this.message;
  }
}

export function isGeneratorError(e: unknown): e is GeneratorError {
  return e instanceof GeneratorError;
}

/** An error as plain data, to cross the worker boundary and be shown beside its file. */
export interface ErrorInfo extends ErrorLocation {
  readonly message: string;
}

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof GeneratorError) return { message: e.message, ...e.location };
  if (e instanceof Error) return { message: e.message };
  return { message: String(e) };
}
