import { syntheticWorkspace } from './synthetic.ts';
import { generateCargoNix } from '../../worker/generate.ts';
import { MemorySource } from '../../worker/memory-source.ts';
const n = Number(process.argv[2] ?? 200);
const t0 = performance.now();
const ws = syntheticWorkspace(n);
const t1 = performance.now();
console.log(ws.stats, 'build ms', (t1 - t0).toFixed(1));
if (process.argv[3]) { console.log(ws.files.get('Cargo.toml')); }
const nix = await generateCargoNix(ws.files, { source: new MemorySource(ws.snapshot) });
const t2 = performance.now();
const blocks = [...nix.matchAll(/^  "[^"]+"\.(\S+)\."([^"]+)" = overridableMkRustCrate/gm)].map(m => `${m[1]}@${m[2]}`);
console.log('gen ms', (t2 - t1).toFixed(1), 'blocks', blocks.length, 'packages', ws.packages.length, 'bytes', nix.length);
const set = new Set(blocks); console.log('missing', ws.packages.filter(p => !set.has(p)).slice(0,5));
