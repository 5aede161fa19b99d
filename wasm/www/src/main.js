import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { velocity } from "@codemirror/legacy-modes/mode/velocity";
import { json } from "@codemirror/lang-json";
import { setDiagnostics } from "@codemirror/lint";
import { examples } from "./examples.js";

const params = new URLSearchParams(location.search);
/** Milliseconds one render may take before its worker is stopped (`?timeLimit=` overrides). */
const TIME_LIMIT_MS = Number(params.get("timeLimit")) || 3000;
const DEBOUNCE_MS = 120;

const $ = (id) => document.getElementById(id);
const modeSelect = $("mode");
const stageVars = $("stage-vars");
const contextOverrides = $("context-overrides");
const output = $("output");
const status = $("status");
const diagnosticsList = $("diagnostics");
let view = "raw";
let lastOutput = null;

// ---- editors ---------------------------------------------------------------------------------

function editor(parent, language, onCursor) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        basicSetup,
        language,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) schedule();
          if (onCursor && (update.selectionSet || update.docChanged)) onCursor(update.view);
        }),
      ],
    }),
  });
}

const showCursor = (v) => {
  const head = v.state.selection.main.head;
  const line = v.state.doc.lineAt(head);
  const column = [...line.text.slice(0, head - line.from)].length + 1;
  $("cursor").textContent = `${line.number}:${column}`;
};
const editors = {
  template: editor($("template"), StreamLanguage.define(velocity), showCursor),
  event: editor($("event"), json()),
  response: editor($("response"), json()),
};

const getText = (name) => editors[name].state.doc.toString();
function setText(name, text) {
  const v = editors[name];
  v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
}

/** The document offset of a 1-based line and a column counted in code points. */
function offsetOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let offset = l.from;
  let remaining = Math.max(column - 1, 0);
  for (const ch of l.text) {
    if (remaining-- <= 0) break;
    offset += ch.length;
  }
  return Math.min(offset, l.to);
}

function rangeOf(doc, d) {
  const from = offsetOf(doc, d.line, d.column);
  let to = d.endLine ? offsetOf(doc, d.endLine, d.endColumn) : from;
  if (to <= from) to = Math.min(from + 1, doc.length);
  return { from, to: Math.max(to, from) };
}

function moveCursor(name, d) {
  const v = editors[name];
  const { from } = rangeOf(v.state.doc, d);
  v.dispatch({ selection: { anchor: from }, scrollIntoView: true });
  v.focus();
}

// ---- state, examples and share links ---------------------------------------------------------

function state() {
  return {
    template: getText("template"),
    event: getText("event"),
    mode: modeSelect.value,
    response: getText("response"),
    stageVars: stageVars.value,
    context: contextOverrides.value,
  };
}

function restore(s) {
  setText("template", s.template ?? "");
  setText("event", s.event ?? "{}");
  setText("response", s.response ?? "");
  modeSelect.value = s.mode === "response" ? "response" : "request";
  stageVars.value = s.stageVars ?? "";
  contextOverrides.value = s.context ?? "";
  showMode();
  schedule(0);
}

const toBase64Url = (text) => {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const fromBase64Url = (text) => {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

function shareLink() {
  const url = new URL(location.href);
  url.hash = "s=" + toBase64Url(JSON.stringify(state()));
  return url.toString();
}

function restoreFromHash() {
  const m = /^#s=(.+)$/.exec(location.hash);
  if (!m) return false;
  try {
    restore(JSON.parse(fromBase64Url(m[1])));
    return true;
  } catch (error) {
    showStatus(`could not read the share link: ${error.message}`, "error");
    return false;
  }
}

$("share").addEventListener("click", async () => {
  const link = shareLink();
  history.replaceState(null, "", link);
  $("share-link").value = link;
  $("share-link").select();
  try { await navigator.clipboard.writeText(link); } catch { /* no clipboard permission */ }
});
window.addEventListener("hashchange", restoreFromHash);

const examplesSelect = $("examples");
for (const [i, ex] of examples.entries()) {
  const option = new Option(`${ex.name} (${ex.mode})`, String(i));
  examplesSelect.add(option);
}
examplesSelect.addEventListener("change", () => {
  const ex = examples[Number(examplesSelect.value)];
  restore({ template: ex.template, event: ex.event, mode: ex.mode, response: ex.response, stageVars: ex.stageVars });
});

function showMode() {
  $("response-box").hidden = modeSelect.value !== "response";
}
modeSelect.addEventListener("change", () => { showMode(); schedule(0); });
stageVars.addEventListener("input", () => schedule());
contextOverrides.addEventListener("input", () => schedule());

// ---- rendering in a worker with a time limit -------------------------------------------------

let worker = null;
let inFlight = null; // { id, timer }
let pending = null;
let nextId = 1;
let debounce = null;

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    if (data.version) { $("version").textContent = "v" + data.version; return; }
    if (!inFlight || data.id !== inFlight.id) return;
    clearTimeout(inFlight.timer);
    inFlight = null;
    show(data.result, data.lint, data.ms);
    if (data.crashed) { worker.terminate(); startWorker(); }
    if (pending) { const p = pending; pending = null; send(p); }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    showStatus(`the worker failed: ${event.message}`, "error");
  };
  worker.postMessage({ type: "version", id: 0 });
}

function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    const request = buildRequest();
    if (!request) return;
    if (inFlight) pending = request; else send(request);
  }, delay);
}

function parseObject(text, what) {
  if (!text.trim()) return null;
  let value;
  try { value = JSON.parse(text); } catch (error) { throw new Error(`${what}: ${error.message}`); }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value;
}

/** The event with the stage variables and context overrides applied, as JSON text. */
function buildRequest() {
  let eventText = getText("event");
  let stage, context;
  try {
    stage = parseObject(stageVars.value, "stage variables");
    context = parseObject(contextOverrides.value, "context overrides");
  } catch (error) {
    show({ output: null, diagnostics: [inputDiagnostic(error.message)] }, { diagnostics: [] });
    return null;
  }
  if (stage || context) {
    let event = null;
    try { event = JSON.parse(eventText || "{}"); } catch { /* the engine reports where */ }
    if (event && typeof event === "object" && !Array.isArray(event)) {
      if (stage) event.stageVariables = stage;
      if (context) event.requestContext = { ...(event.requestContext ?? {}), ...context };
      eventText = JSON.stringify(event);
    }
  }
  const options = { name: "template.vtl" };
  if (modeSelect.value === "response") options.integrationResponse = getText("response") || "{}";
  return { template: getText("template"), event: eventText || "{}", options };
}

const inputDiagnostic = (message) => ({
  code: "input", message, severity: "error", source: "options",
  line: null, column: null, endLine: null, endColumn: null, help: null, rendered: message,
});

function send(request) {
  const id = nextId++;
  const timer = setTimeout(() => {
    // Past the time limit: stop the worker (and the runaway render with it), start a new one.
    worker.terminate();
    inFlight = null;
    startWorker();
    show({
      output: null,
      diagnostics: [{
        code: "time-limit",
        message: `rendering took longer than ${TIME_LIMIT_MS} ms and was stopped (time limit)`,
        severity: "error", source: "template", line: null, column: null, endLine: null, endColumn: null,
        help: "look for a loop or macro that runs away", rendered: "",
      }],
    }, { diagnostics: [] });
    if (pending) { const p = pending; pending = null; send(p); }
  }, TIME_LIMIT_MS);
  inFlight = { id, timer };
  showStatus("rendering…", "");
  worker.postMessage({ id, ...request });
}

// ---- results --------------------------------------------------------------------------------

function showStatus(text, kind) {
  status.textContent = text;
  status.className = kind;
}

function show(result, lintResult, ms) {
  const diagnostics = [...result.diagnostics, ...(lintResult?.diagnostics ?? [])];
  lastOutput = result.output;
  if (result.output === null) {
    const first = diagnostics[0];
    showStatus(first ? `error: ${first.message}` : "error", "error");
  } else {
    const findings = lintResult?.diagnostics?.length ?? 0;
    const lintNote = findings === 0 ? "" : `, ${findings} lint finding${findings === 1 ? "" : "s"}`;
    showStatus(`rendered in ${ms.toFixed(1)} ms, ${new TextEncoder().encode(result.output).length} bytes${lintNote}`, "ok");
  }
  let pretty = null;
  if (result.output !== null) {
    try { pretty = JSON.stringify(JSON.parse(result.output), null, 2); } catch { pretty = null; }
  }
  $("view-pretty").disabled = pretty === null;
  if (pretty === null && view === "pretty") setView("raw");
  output.dataset.pretty = pretty ?? "";
  renderOutput();

  diagnosticsList.replaceChildren(...diagnostics.map((d) => {
    const li = document.createElement("li");
    li.className = `severity-${d.severity}`;
    const button = document.createElement("button");
    button.type = "button";
    const pos = document.createElement("span");
    pos.className = "pos";
    pos.textContent = d.line ? `${d.source === "template" ? "" : d.source + " "}${d.line}:${d.column}` : d.source;
    const code = d.name ? `${d.severity} ${d.code} ${d.name}` : d.code;
    button.append(pos, `${code}: ${d.message}${d.help ? `\nhelp: ${d.help}` : ""}`);
    button.title = d.rendered;
    const target = d.source === "template" ? "template" : d.source === "event" ? "event" : d.source === "integrationResponse" ? "response" : null;
    if (d.line && target) button.addEventListener("click", () => moveCursor(target, d));
    li.append(button);
    return li;
  }));

  if (diagnostics.length === 0) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "No problems found.";
    diagnosticsList.replaceChildren(li);
  }

  // Markers in the editors.
  for (const [name, source] of [["template", "template"], ["event", "event"], ["response", "integrationResponse"]]) {
    const v = editors[name];
    const marks = diagnostics
      .filter((d) => d.source === source && d.line)
      .map((d) => ({ ...rangeOf(v.state.doc, d), severity: d.severity, message: `${d.code}: ${d.message}` }));
    v.dispatch(setDiagnostics(v.state, marks));
  }
}

function renderOutput() {
  output.textContent = lastOutput === null ? "" : view === "pretty" ? output.dataset.pretty : lastOutput;
}

function setView(v) {
  view = v;
  $("view-raw").classList.toggle("active", v === "raw");
  $("view-pretty").classList.toggle("active", v === "pretty");
  renderOutput();
}
$("view-raw").addEventListener("click", () => setView("raw"));
$("view-pretty").addEventListener("click", () => setView("pretty"));

// ---- start ----------------------------------------------------------------------------------

// For tests and the console: read an editor's text and cursor.
window.playground = {
  text: getText,
  cursor: (name) => {
    const v = editors[name];
    const head = v.state.selection.main.head;
    const line = v.state.doc.lineAt(head);
    return { line: line.number, column: [...line.text.slice(0, head - line.from)].length + 1 };
  },
};

startWorker();
if (!restoreFromHash()) {
  const start = Math.max(0, examples.findIndex((e) => e.name === "lambda_request"));
  examplesSelect.value = String(start);
  examplesSelect.dispatchEvent(new Event("change"));
}
