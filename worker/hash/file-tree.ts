// A checked-out file tree as Nix sees it when it hashes a path: regular files
// (with their executable bit), symlinks and directories — nothing else (no
// owners, no times, no `.git`). Git checkouts, folders read from disk and
// test fixtures all become this one shape before they are NAR-serialised.

export type FileTree =
  | { readonly type: 'regular'; readonly executable: boolean; readonly contents: Uint8Array }
  | { readonly type: 'symlink'; readonly target: string }
  | { readonly type: 'directory'; readonly entries: ReadonlyMap<string, FileTree> };
