// Compile ink source to ink's JSON with inkjs's compiler: node ink_compile.js IN.ink OUT.json
"use strict";
const fs = require("fs");
const { Compiler } = require("inkjs/full");

const [source, target] = process.argv.slice(2);
const compiler = new Compiler(fs.readFileSync(source, "utf8"));
const story = compiler.Compile();
if (compiler.errors.length) {
  console.error(compiler.errors.join("\n"));
  process.exit(1);
}
fs.writeFileSync(target, story.ToJson());
