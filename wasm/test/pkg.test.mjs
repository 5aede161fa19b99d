// The package's ES module entry in Node, and the web build loaded from bytes.
import test from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { render, lint, version } from "../pkg/index.mjs";
import initWeb, * as web from "../pkg/web/apigw_vtl_wasm.js";

test("import gives render, lint and version", () => {
  assert.equal(render("$input.params('id')", { pathParameters: { id: "x" } }).output, "x");
  assert.deepEqual(lint("ok").diagnostics, []);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("the web build renders after init", async () => {
  const bytes = await readFile(new URL("../pkg/web/apigw_vtl_wasm_bg.wasm", import.meta.url));
  await initWeb({ module_or_path: bytes });
  const result = web.render("$input.json('$.a')", { body: '{"a": [1, 2]}' });
  assert.equal(result.output, "[1,2]");
});
