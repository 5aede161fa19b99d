// Examples for the dropdown, taken from the repository's fixtures (realistic API Gateway templates
// with their recorded cases): one entry per template, using its first case.
const templates = import.meta.glob("../../../fixtures/gateway/realistic/*.vtl", {
  query: "?raw", import: "default", eager: true,
});
const cases = import.meta.glob("../../../fixtures/gateway/realistic/*.cases.json", {
  import: "default", eager: true,
});

const stem = (path) => path.split("/").pop().replace(/\.vtl$|\.cases\.json$/, "");

export const examples = Object.entries(templates)
  .map(([path, template]) => {
    const name = stem(path);
    const caseSet = Object.entries(cases).find(([p]) => stem(p) === name)?.[1] ?? {};
    const [caseName, c] = Object.entries(caseSet)[0] ?? ["default", {}];
    const event = { ...(c.event ?? {}) };
    const stageVariables = event.stageVariables ?? null;
    delete event.stageVariables;
    return {
      name,
      caseName,
      template,
      event: JSON.stringify(event, null, 2),
      mode: c.integrationResponse ? "response" : "request",
      response: c.integrationResponse ? JSON.stringify(c.integrationResponse, null, 2) : "",
      stageVars: stageVariables ? JSON.stringify(stageVariables) : "",
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));
