// A random walk through a compiled ink story with inkjs, as the engine benchmark walks
// the same graph: node ink_walk.js STORY.json CHOICES SEED RECORD
// Each choice is ChooseChoiceIndex, ContinueMaximally (the next scene's text) and the
// texts of the choices offered there: what a frontend needs to show the next screen.
// Picks use the same xorshift32 as tests/bench/peers.py, so both walk the same path.
// Prints JSON: {"rate": choices per second, "path": the first RECORD choices' texts}.
"use strict";
const fs = require("fs");
const { Story } = require("inkjs");

const [file, count, seed, record] = process.argv.slice(2);
const choices = Number(count);
const keep = Number(record);
const story = new Story(fs.readFileSync(file, "utf8"));
let x = Number(seed) >>> 0;
const path = [];
let seen = 0;

function pick(n) {
  x ^= x << 13; x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5; x >>>= 0;
  return x % n;
}

story.ContinueMaximally();
const start = process.hrtime.bigint();
let done = 0;
while (done < choices) {
  const offered = story.currentChoices;
  if (offered.length === 0) {
    story.ResetState();
    story.ContinueMaximally();
    continue;
  }
  const chosen = offered[pick(offered.length)];
  if (done < keep) path.push(chosen.text);
  story.ChooseChoiceIndex(chosen.index);
  story.ContinueMaximally();
  for (const choice of story.currentChoices) seen += choice.text.length;
  done += 1;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ rate: done / seconds, path, seen }));
