// ES module entry for Node: the CommonJS build loads the module synchronously.
import wasm from "./node/apigw_vtl_wasm.js";

export const { render, lint, version } = wasm;
export default wasm;
