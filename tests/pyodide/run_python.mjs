// Runs Python code in Pyodide, the Python of xlwings Lite, from local files only (no network).
//   node run_python.mjs JOB.json
// JOB.json: {"wheels": [absolute paths of .whl], "files": {"name.py": absolute path}, "code": "..."}
// The wheels are installed, the files copied into Pyodide's working folder, the code run; the
// value of its last expression (a string) is written to stdout. Python's own output goes to stderr.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const here = dirname(fileURLToPath(import.meta.url));
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: join(here, "node_modules", "pyodide") + "/",
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const loaded = performance.now();
await pyodide.loadPackage(job.wheels, { messageCallback: () => {}, errorCallback: (m) => process.stderr.write(m + "\n") });
const cwd = pyodide.runPython("import os; os.getcwd()");
for (const [name, path] of Object.entries(job.files || {})) {
  pyodide.FS.writeFile(`${cwd}/${name}`, readFileSync(path));
}
pyodide.globals.set("PYODIDE_START_SECONDS", (loaded - started) / 1000);
const result = await pyodide.runPythonAsync(job.code);
process.stdout.write(String(result));
