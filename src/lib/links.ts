// Where the page sends people to learn more. One place, so the header, the
// help dialog and the build panel agree.
export const LINKS = {
  cargo2nix: 'https://github.com/cargo2nix/cargo2nix',
  /** cargo2nix's own step-by-step guide (hello world: Cargo.nix, flake.nix, nix build), on the release the output targets. */
  guide: 'https://github.com/cargo2nix/cargo2nix/tree/release-0.12/examples/1-hello-world',
  /** This playground's source. The repository has no public remote yet; override at build time with VITE_SOURCE_URL. */
  source: (import.meta.env.VITE_SOURCE_URL as string | undefined) ?? 'https://github.com/cargo2nix/cargo2nix-playground',
  installNix: 'https://nixos.org/download/',
  flakes: 'https://wiki.nixos.org/wiki/Flakes',
} as const;
