// `npm run --silent generate -- <workspace-dir> --registry <dir>`: prints the
// Cargo.nix to stdout. Exit 1 with a one-line error on stderr on failure.
// The golden suites depend on this contract.
import { isGeneratorError } from '../core/errors.ts';
import { generateCargoNix } from '../pipeline.ts';
import { RegistryDirSource } from './registry-dir.ts';
import { readWorkspaceDir } from './workspace-dir.ts';

const USAGE = 'usage: generate <workspace-dir> --registry <registry-dir>';

async function main(argv: string[]): Promise<number> {
  let workspace: string | undefined;
  let registry: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--registry') registry = argv[++i];
    else if (a.startsWith('--registry=')) registry = a.slice('--registry='.length);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (!a.startsWith('-') && workspace === undefined) workspace = a;
    else {
      process.stderr.write(`error: unexpected argument \`${a}\`; ${USAGE}\n`);
      return 1;
    }
  }
  if (workspace === undefined || registry === undefined) {
    process.stderr.write(`error: ${USAGE}\n`);
    return 1;
  }
  try {
    const files = await readWorkspaceDir(workspace);
    const nix = await generateCargoNix(files, { source: new RegistryDirSource(registry) });
    process.stdout.write(nix);
    return 0;
  } catch (e) {
    const msg = isGeneratorError(e) ? e.format() : e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg.replace(/\n/g, ' ')}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
