// `node --import ./test/bench/register-ts.mjs file.ts`: see ts-hooks.mjs.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.mjs', import.meta.url);
