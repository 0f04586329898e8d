// Renders Markdown as GitHub-flavoured HTML with marked (a dependency of mermaid), then reads it
// back with jsdom. Input on stdin: a JSON list of Markdown texts. Output: a JSON list, one item
// per text: {"tags": [element names in the rendered HTML], "text": its text content}.
import { JSDOM } from "jsdom";
import { marked } from "marked";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  const html = await marked.parse(text, { gfm: true });
  const dom = new JSDOM(`<!doctype html><html><body>${html}</body></html>`);
  const body = dom.window.document.body;
  const tags = [...body.querySelectorAll("*")].map((e) => e.tagName.toLowerCase());
  results.push({ tags, text: body.textContent });
}
process.stdout.write(JSON.stringify(results));
