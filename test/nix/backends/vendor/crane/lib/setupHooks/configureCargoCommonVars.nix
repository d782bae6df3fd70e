{
  makeSetupHook,
}:

makeSetupHook {
  name = "configureCargoCommonVarsHook";
} ./configureCargoCommonVarsHook.sh
