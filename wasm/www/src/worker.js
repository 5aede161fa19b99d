// Renders in a Web Worker so a runaway template never blocks the page: the page terminates this
// worker when a render passes its time limit and starts a fresh one.
import init, { render, lint, version } from "../../pkg/web/apigw_vtl_wasm.js";

const ready = init();

self.onmessage = async ({ data }) => {
  await ready;
  if (data.type === "version") {
    self.postMessage({ id: data.id, version: version() });
    return;
  }
  const started = performance.now();
  let result;
  let crashed = false;
  try {
    result = render(data.template, data.event, data.options);
  } catch (error) {
    // A trap inside the module (a bug, or the stack running out): report it as a diagnostic; the
    // page replaces this worker, whose module state can no longer be trusted.
    crashed = true;
    result = {
      output: null,
      overrides: null,
      diagnostics: [{
        code: "crash", message: `the engine stopped: ${error}`, severity: "error", source: "template",
        line: null, column: null, endLine: null, endColumn: null, help: null, rendered: String(error),
      }],
    };
  }
  // Lint findings join the render's unless the template does not parse (the parse error says it all).
  const unparsed = result.diagnostics.some((d) => d.code === "syntax" && d.source === "template");
  const lintResult = crashed || unparsed ? { diagnostics: [] } : lint(data.template, { name: data.options?.name });
  self.postMessage({ id: data.id, result, lint: lintResult, ms: performance.now() - started, crashed });
};
