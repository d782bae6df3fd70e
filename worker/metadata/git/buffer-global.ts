// isomorphic-git calls `Buffer` as a global (Node has it; a Web Worker does not). Importing this
// module first installs the `buffer` package's implementation where the global is missing.
import { Buffer } from 'buffer';

const g = globalThis as { Buffer?: unknown };
g.Buffer ??= Buffer;
