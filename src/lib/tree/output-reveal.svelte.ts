// A request to show a line of a generated file (the Tree view opening a crate's Cargo.nix
// entry): the output pane carries it out once that file's editor is on screen.
export interface RevealRequest {
  /** The output tab's key (a file path such as `Cargo.nix`). */
  readonly tab: string;
  /** 1-based. */
  readonly line: number;
}

export const outputReveal: { request: RevealRequest | undefined } = $state({ request: undefined });
