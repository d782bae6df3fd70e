// The edge function: a Cloudflare Worker in front of the static site. wrangler.jsonc routes /api/*
// here first; every other path is a file of the Vite build (with the SPA fallback), served by the
// assets binding without running this script.
import { readConfig, type EdgeVars } from './config.ts';
import { errorResponse, EdgeError } from './errors.ts';
import { RateLimiter } from './rate-limit.ts';
import { route } from './router.ts';

export interface Env extends EdgeVars {
  readonly ASSETS: Fetcher;
  /** Crate facts by `name@version` (edge/crates.ts); optional so a deployment without it still serves. */
  readonly CRATE_FACTS?: KVNamespace;
  /** Short links' payloads by content-addressed id (edge/share.ts); without it POST /api/share answers 502. */
  readonly SHARES?: KVNamespace;
}

/** One limiter per isolate, rebuilt if the configured budget changes (tests start fresh workers anyway). */
let limiter: { key: string; limiter: RateLimiter } | undefined;

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/api/')) return env.ASSETS.fetch(request);
    try {
      const config = readConfig(env);
      const key = `${config.rateLimit.requests}/${config.rateLimit.windowMs}`;
      if (limiter?.key !== key) limiter = { key, limiter: new RateLimiter(config.rateLimit.requests, config.rateLimit.windowMs) };
      // waitUntil keeps /api/crates' background reads alive after its answer (edge/crates.ts).
      return await route(request, config, limiter.limiter, env, (work) => ctx.waitUntil(work));
    } catch (e) {
      console.error('edge: unexpected failure', e);
      return errorResponse(new EdgeError(502, 'internal error in the edge function'));
    }
  },
} satisfies ExportedHandler<Env>;
