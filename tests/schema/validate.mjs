#!/usr/bin/env node
// Validates scenario YAML files against docs/scenario.schema.json; one line per file.
// Usage: node validate.mjs SCHEMA FILE...  Exit status: 0 all valid, 1 some invalid, 2 misuse.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import YAML from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node validate.mjs SCHEMA FILE...");
  process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

let failed = 0;
for (const file of files) {
  let data;
  try {
    // The same YAML the editor's language server sees; duplicate keys and bad UTF-8 are the loader's job.
    const doc = YAML.parseDocument(readFileSync(file, "utf8"), { uniqueKeys: false });
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    console.log(`${file}: not YAML: ${e.message.split("\n")[0]}`);
    failed++;
    continue;
  }
  if (validate(data)) {
    console.log(`${file}: valid`);
  } else {
    failed++;
    for (const err of validate.errors) console.log(`${file}: invalid: ${err.instancePath || "/"} ${err.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
