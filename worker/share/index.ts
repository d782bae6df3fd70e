// Share links: the whole playground state (input files, options, selected tab, and optionally the
// metadata snapshot that makes it render offline) in a URL fragment, or stored by the edge under a
// content-addressed id. Pure: no DOM, no Node.
//
//   const payload = encodeShare({ files: [{ path: 'Cargo.toml', text }], options, tab: { kind: 'output', id: 'cargo2nix/Cargo.nix' } });
//   fragmentLink(origin, payload)              → `<origin>/#s=1.…`       ({ embed: true } → `<origin>/embed#s=1.…`)
//   decodeShare(payloadFromFragment(location.hash) ?? '')  → SharedState, or throws ShareLinkError { kind, message }
//   shortLink(origin, id)                      → `<origin>/s/<id>`        (id from POST /api/share; GET /api/share/<id> → payload)
//
// Snapshots for a link: wrap the run's MetadataSource in RecordingSource (worker/metadata/recording-source.ts),
// or ask the browser worker with `recordSnapshot: true` (its answer carries `snapshot`).
export { encodeShare, decodeShare, SHARE_SCHEMA_VERSION, MAX_PAYLOAD_CHARS, MAX_INFLATED_BYTES, type ShareLimits } from './codec.ts';
export { ShareLinkError, type ShareErrorKind } from './errors.ts';
export { fragmentLink, shortLink, payloadFromFragment, DEFAULT_SHARE_BASE, SHORT_ID_PATTERN, PAYLOAD_PATTERN, type LinkOptions } from './link.ts';
export { type SharedState, type SharedFile, type SharedTab } from './state.ts';
export { compactSnapshot } from './snapshot.ts';
