{
  description = "Externally extensible flake systems";

  # For usage, see the README.md
  outputs = _: { };
}
