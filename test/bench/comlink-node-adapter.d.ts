// comlink ships node-adapter's types beside its UMD build only; Node's ESM loader needs the .mjs path.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import nodeEndpoint from 'comlink/dist/umd/node-adapter';
  export default nodeEndpoint;
}
