// Module hooks that load .ts files through TypeScript's own transpiler. The
// bench runs the generator this way rather than under tsx because tsx
// compiles with esbuild's `keepNames`, which wraps every function created at
// run time in a `__name(fn, "…")` call; the resolver creates closures per
// dependency edge, so that alone made planning ~60% slower than the code Vite
// ships to the browser. Plain type erasure keeps the measured code close to
// the shipped one.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const options = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  inlineSourceMap: true,
};

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const { outputText, diagnostics } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    compilerOptions: options,
    fileName,
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  return { format: 'module', source: outputText, shortCircuit: true };
}
