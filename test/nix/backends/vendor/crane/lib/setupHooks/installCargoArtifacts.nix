{
  makeSetupHook,
}:

makeSetupHook {
  name = "installCargoArtifactsHook";
} ./installCargoArtifactsHook.sh
