{
  makeSetupHook,
}:

makeSetupHook {
  name = "replaceCargoLockHook";
} ./replaceCargoLockHook.sh
