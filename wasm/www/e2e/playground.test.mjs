// End-to-end tests of the playground in a real browser: Debian's Chromium driven by
// playwright-core. Serves wasm/www/dist (built by `npm run build`) from a local static server.
// CHROMIUM overrides the browser path; the screenshot goes to target/playwright/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtemp, mkdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "..", "dist");
const artifacts = path.join(here, "..", "..", "..", "target", "playwright");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const types = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
};

let server, origin, context, userDataDir;

before(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const file = path.join(dist, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
    try {
      const target = (await stat(file)).isDirectory() ? path.join(file, "index.html") : file;
      const body = await readFile(target);
      res.writeHead(200, { "content-type": types[path.extname(target)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  userDataDir = await mkdtemp(path.join(tmpdir(), "apigw-vtl-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** Opens the playground; collects console errors, page errors and requests to other origins. */
async function open(query = "", hash = "") {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
      problems.push(`request: ${r.url()}`);
    }
  });
  await page.goto(`${origin}/index.html${query}${hash}`);
  await page.waitForFunction(() => /rendered|error/.test(document.getElementById("status").textContent));
  return { page, problems };
}

async function typeTemplate(page, text) {
  await page.click("#template .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // Typed without CodeMirror's auto-closing brackets getting in the way.
  await page.keyboard.insertText(text);
}

const output = (page) => page.locator("#output").textContent();

test("the page loads an example and renders it with no console errors", async () => {
  const { page, problems } = await open();
  assert.match(await page.locator("#status").textContent(), /rendered in/);
  assert.ok((await output(page)).length > 0);
  assert.ok(await page.locator("#examples option").count() >= 5);
  assert.match(await page.locator("#version").textContent(), /^v\d/);
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, "playground.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("typing a template updates the output", async () => {
  const { page, problems } = await open();
  await typeTemplate(page, "Hello from $context.stage, $input.params('op')!");
  await page.waitForFunction(() => document.getElementById("output").textContent === "Hello from prod, add!");
  // The request and response switch: a response template reads the integration's body.
  await page.selectOption("#mode", "response");
  await page.click("#response .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('{"statusCode": 200, "body": "{\\"n\\": 42}"}');
  await typeTemplate(page, "{\"n\": $input.path('$.n')}");
  await page.waitForFunction(() => document.getElementById("output").textContent === '{"n": 42}');
  await page.click("#view-pretty");
  assert.equal(await output(page), '{\n  "n": 42\n}');
  assert.deepEqual(problems, []);
  await page.close();
});

test("an error shows its diagnostic at the line, and clicking it moves the cursor", async () => {
  const { page } = await open();
  await typeTemplate(page, "{\n  \"ok\": true,\n    $util.parseJson('{')\n}");
  await page.waitForFunction(() => /^error/.test(document.getElementById("status").textContent));
  const item = page.locator("#diagnostics li button").first();
  await item.waitFor();
  assert.match(await item.locator(".pos").textContent(), /^3:11$/);
  assert.match(await page.locator("#status").textContent(), /^error/);
  assert.ok(await page.locator("#template .cm-lintRange-error").count() >= 1, "a marker in the editor");
  await item.click();
  assert.deepEqual(await page.evaluate(() => window.playground.cursor("template")), { line: 3, column: 11 });
  assert.equal(await page.locator("#cursor").textContent(), "3:11");
  await page.close();
});

test("lint findings show their rule, severity and line, and clicking one moves the cursor", async () => {
  const { page, problems } = await open();
  await typeTemplate(page, '{\n  "name": "$util.escapeJavaScript($input.params(\'name\'))",\n  "x": $util.toJson($input.body)\n}');
  await page.waitForFunction(() => /lint finding/.test(document.getElementById("status").textContent));
  const unknownUtil = page.locator("#diagnostics li.severity-error button", { hasText: "VTL008 unknown-util" });
  assert.equal(await unknownUtil.locator(".pos").textContent(), "3:8");
  const apostrophe = page.locator("#diagnostics li.severity-warning button", { hasText: "VTL004" });
  assert.equal(await apostrophe.locator(".pos").textContent(), "2:12");
  assert.ok(await page.locator("#template .cm-lintRange-warning").count() >= 1, "a warning marker in the editor");
  await unknownUtil.click();
  assert.deepEqual(await page.evaluate(() => window.playground.cursor("template")), { line: 3, column: 8 });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a runaway loop hits the time limit and the page stays responsive", async () => {
  const { page } = await open("?timeLimit=700");
  const started = Date.now();
  await typeTemplate(
    page,
    "#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])#set($x = $c)#end#end#end",
  );
  await page.waitForFunction(() => /time limit/.test(document.getElementById("status").textContent));
  assert.ok(Date.now() - started < 15000);
  // The page answers at once and a fresh worker renders the next template.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await typeTemplate(page, "still $context.stage");
  await page.waitForFunction(() => document.getElementById("output").textContent === "still prod");
  await page.close();
});

test("stage variables and context overrides reach the template", async () => {
  const { page, problems } = await open();
  await typeTemplate(page, "$stageVariables.table/$context.stage/$context.identity.sourceIp");
  await page.click("summary");
  await page.fill("#stage-vars", '{"table": "pets-dev"}');
  await page.fill("#context-overrides", '{"stage": "dev"}');
  await page.waitForFunction(
    () => document.getElementById("output").textContent === "pets-dev/dev/203.0.113.9",
  );
  await page.fill("#stage-vars", "{oops");
  await page.waitForFunction(() => /stage variables/.test(document.getElementById("status").textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test("a share link round-trips the template, request and mode", async () => {
  const { page } = await open();
  await typeTemplate(page, "shared é $input.json('$')");
  await page.selectOption("#mode", "response");
  await page.click("#share");
  const link = await page.locator("#share-link").inputValue();
  assert.match(link, /#s=/);
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto(link);
  await reopened.waitForFunction(() => /rendered|error/.test(document.getElementById("status").textContent));
  assert.equal(await reopened.evaluate(() => window.playground.text("template")), "shared é $input.json('$')");
  assert.equal(await reopened.locator("#mode").inputValue(), "response");
  await reopened.close();
});
