// Parses Mermaid diagrams with Mermaid's own parser (mermaid.parse), headless under jsdom.
// Input on stdin: a JSON list of diagram texts. Output on stdout: a JSON list, one item per
// diagram: {"ok": true, "type": "flowchart-v2", "config": {...}} or {"ok": false, "error": "Parse error ..."};
// "config" is what the diagram's own %%{init: ...}%% directives or front matter set ({} for none).
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ["navigator", "Element", "HTMLElement", "Node", "DOMParser", "MutationObserver"]) {
  if (!(key in globalThis)) {
    try { globalThis[key] = dom.window[key]; } catch (e) { /* read-only in this Node */ }
  }
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType, config: parsed.config || {} });
  } catch (error) {
    results.push({ ok: false, error: String((error && error.message) || error) });
  }
}
process.stdout.write(JSON.stringify(results));
