{
  makeSetupHook,
}:

makeSetupHook {
  name = "inheritCargoArtifactsHook";
} ./inheritCargoArtifactsHook.sh
