{
  makeSetupHook,
}:

makeSetupHook {
  name = "configureCargoVendoredDepsHook";
} ./configureCargoVendoredDepsHook.sh
