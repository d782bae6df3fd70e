// Which host a proxied git request may reach. The proxy never resolves names itself, so the rule is
// "an allowlisted DNS name, spelled plainly": anything the URL parser would read as an address
// (decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1, IPv6 [::1] or [::ffff:127.0.0.1], with or
// without a trailing dot) is refused even when an operator lists it, as are loopback and metadata
// names, credentials and ports. Each rule stands on its own so a bad allowlist cannot undo it.
import { EdgeError } from './errors.ts';

/** Names that reach the machine itself or a cloud metadata service whatever the allowlist says. */
const FORBIDDEN_NAMES = ['localhost', 'metadata', 'metadata.google.internal', 'instance-data', 'metadata.azure.com'];
const FORBIDDEN_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.home.arpa', '.in-addr.arpa', '.ip6.arpa'];

const HOST_CHARS = /^[a-z0-9.\-[\]:@%_]+$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The WHATWG URL parser's reading of a host, as fetch would resolve it (numbers normalised, lowercased, punycode). */
function canonicalHost(raw: string): string {
  try {
    return new URL(`http://${raw}/`).hostname;
  } catch {
    throw new EdgeError(400, `not a valid host: ${raw}`);
  }
}

/** The hostname to contact for a user-supplied host segment, or an EdgeError (403) saying which rule refused it. */
export function checkGitHost(raw: string, allowed: ReadonlySet<string>): string {
  if (raw === '' || !HOST_CHARS.test(raw)) throw new EdgeError(400, `not a valid host: ${JSON.stringify(raw)}`);
  if (raw.includes('@')) throw new EdgeError(403, 'credentials in the host are not allowed');
  const bracketed = raw.startsWith('[');
  if (!bracketed && raw.includes(':') && /^[^:]*:\d*$/.test(raw))
    throw new EdgeError(403, 'ports are not allowed; the proxy always uses the host’s HTTPS port');
  const host = canonicalHost(raw);
  if (bracketed || host.startsWith('[') || IPV4.test(host) || IPV4.test(host.replace(/\.$/, ''))) {
    throw new EdgeError(403, `IP addresses are not allowed (${raw} is ${host}); use the git host's name`);
  }
  const bare = host.replace(/\.+$/, '');
  if (FORBIDDEN_NAMES.includes(bare) || FORBIDDEN_SUFFIXES.some((s) => bare.endsWith(s))) {
    throw new EdgeError(403, `host not allowed: ${raw} is a local or metadata name`);
  }
  if (host !== raw.toLowerCase() || !allowed.has(host)) throw new EdgeError(403, `host not allowed: ${raw} (allowed: ${[...allowed].join(', ')})`);
  return host;
}
