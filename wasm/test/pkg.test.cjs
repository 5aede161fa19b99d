// Node tests of the npm package in wasm/pkg (build it first with wasm/build.sh).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const pkgDir = path.join(__dirname, "..", "pkg");
const vtl = require(pkgDir);

const event = {
  httpMethod: "POST",
  path: "/pets/7",
  resource: "/pets/{id}",
  headers: { "Content-Type": "application/json" },
  pathParameters: { id: "7" },
  queryStringParameters: { verbose: "true" },
  stageVariables: { table: "pets-prod" },
  body: JSON.stringify({ name: "Rex", tags: ["good", "dog"] }),
};

test("renders a request template from an event object", () => {
  const template = [
    "#set($body = $input.path('$'))",
    "{",
    '  "TableName": "$stageVariables.table",',
    '  "id": "$input.params(\'id\')",',
    '  "name": "$body.name",',
    '  "tags": $input.json(\'$.tags\'),',
    '  "verbose": "$input.params().querystring.verbose",',
    '  "stage": "$context.stage"',
    "}",
  ].join("\n");
  const result = vtl.render(template, event);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(
    result.output,
    '{\n  "TableName": "pets-prod",\n  "id": "7",\n  "name": "Rex",\n  "tags": ["good","dog"],\n  "verbose": "true",\n  "stage": "prod"\n}',
  );
  assert.deepEqual(JSON.parse(result.output).tags, ["good", "dog"]);
});

test("accepts the event as JSON text and the options as optional", () => {
  const result = vtl.render("$input.params('id') $context.httpMethod", JSON.stringify(event));
  assert.equal(result.output, "7 POST");
});

test("renders a response template from the integration response", () => {
  const template =
    '#set($r = $input.path(\'$\'))' +
    '{"count": $r.items.size(), "first": "$r.items[0].name", "status": "$input.path(\'$.status\')", "req": "$input.params(\'id\')"}';
  const integrationResponse = {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ status: "ok", items: [{ name: "a" }, { name: "b" }] }),
  };
  const result = vtl.render(template, event, { integrationResponse });
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.output, '{"count": 2, "first": "a", "status": "ok", "req": "7"}');
});

test("reports overrides set by the template", () => {
  const result = vtl.render("#set($context.responseOverride.status = 418)", event);
  assert.equal(result.output, "");
  assert.equal(result.overrides.responseOverride.status, 418);
});

test("a parse error is a value with its position", () => {
  const template = '{\n  "a": "$input.path(\'$.a\')",\n  #if($x)\n  "b": 1\n}';
  const result = vtl.render(template, event);
  assert.equal(result.output, null);
  assert.equal(result.diagnostics.length, 1);
  const [d] = result.diagnostics;
  assert.equal(d.code, "syntax");
  assert.equal(d.severity, "error");
  assert.equal(d.source, "template");
  assert.equal(typeof d.line, "number");
  assert.equal(typeof d.column, "number");
  assert.ok(d.line >= 3, `line ${d.line}`);
  assert.ok(d.endLine >= d.line);
  assert.match(d.message, /#end/);
  assert.match(d.rendered, new RegExp(`template\\.vtl:${d.line}:${d.column}`));
});

test("a render error points at the failing call", () => {
  const result = vtl.render("ok\n  $util.parseJson('{')", event, { name: "bad.vtl" });
  assert.equal(result.output, null);
  const [d] = result.diagnostics;
  assert.equal(d.code, "render");
  assert.equal(d.line, 2);
  assert.equal(d.column, 9);
  assert.equal(d.endLine, 2);
  assert.ok(d.endColumn > d.column);
  assert.match(d.rendered, /bad\.vtl:2:9/);
});

test("bad event JSON is reported against the event with its position", () => {
  const result = vtl.render("x", '{\n  "body": \n}');
  assert.equal(result.output, null);
  const [d] = result.diagnostics;
  assert.equal(d.source, "event");
  assert.equal(d.code, "input");
  assert.equal(d.line, 3);
});

test("the velocity profile renders with vars", () => {
  const result = vtl.render("$m $l $missing", null, {
    profile: "velocity",
    vars: { m: { a: 1 }, l: [1, "x"] },
  });
  assert.equal(result.output, "{a=1} [1, x] $missing");
});

test("the API Gateway quota stops a loop past 1000 iterations", () => {
  const result = vtl.render("#foreach($i in [1..2000])#end", event);
  assert.equal(result.output, null);
  assert.equal(result.diagnostics[0].code, "limit");
});

test("lint runs the rules and reports codes, names, severities and positions", () => {
  assert.deepEqual(vtl.lint("$x.y()").diagnostics, []);
  const broken = vtl.lint("#if(\n", { name: "t.vtl" }).diagnostics;
  assert.equal(broken.length, 1);
  assert.equal(broken[0].code, "VTL001");
  assert.match(broken[0].rendered, /t\.vtl:/);
  const { diagnostics } = vtl.lint('{\n  "x": $util.toJson($input.body)\n}');
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.name, d.severity, d.line, d.column]),
    [["VTL008", "unknown-util", "error", 2, 8]],
  );
  assert.deepEqual(vtl.lint('{"x": $util.toJson($input.body)}', { ignore: ["VTL008"] }).diagnostics, []);
});

test("version is the crate version", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  assert.equal(vtl.version(), pkg.version);
});

test("types ship for node and web", () => {
  for (const dir of ["node", "web"]) {
    const dts = fs.readFileSync(path.join(pkgDir, dir, "apigw_vtl_wasm.d.ts"), "utf8");
    assert.ok(
      dts.includes(
        "export function render(template: string, event: ProxyEvent | string | null, options?: RenderOptions): RenderResult;",
      ),
    );
    assert.ok(dts.includes("export function lint(template: string, options?: LintOptions): LintResult;"));
    assert.match(dts, /export interface Diagnostic/);
    assert.match(dts, /endColumn: number \| null;/);
  }
});
