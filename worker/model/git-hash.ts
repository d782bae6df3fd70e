// What the git prefetch learns about each git repository of the lock: the Nix hash of its tree at
// the locked commit. It sits beside the resolved model (not in it): the model is what cargo
// resolves, these are what Nix will check. Renderers that pin git sources read them
// (buildRustPackage's `cargoLock.outputHashes`, crate2nix's `crate-hashes.json`).

/**
 * One git repository at one commit of the lock, with the Nix hash of its whole tree ("prefetched
 * hash": what `nix hash path` gives for a clean checkout without `.git`, i.e. fetchgit's / builtins.fetchGit's
 * `narHash`).
 */
export interface GitSourceHash {
  /** The repository URL as the lock names it (no `git+`, no query). */
  readonly url: string;
  /** The locked commit (40 hex digits). */
  readonly rev: string;
  /** The lock's packages from this commit, `name-version` (buildRustPackage's `outputHashes` keys). */
  readonly packages: readonly string[];
  /** `sha256-…` (SRI), absent when `error` says why the tree could not be hashed. */
  readonly sri?: string;
  /** The same hash in Nix base32 (52 characters). */
  readonly base32?: string;
  /** Why there is no hash (network, submodules); the run itself does not fail for it. */
  readonly error?: string;
}
