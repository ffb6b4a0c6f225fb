// Parses every ```mermaid block of the given Markdown files (insta snapshots included) with
// Mermaid's own parser, the one GitHub renders with, and fails on any error or on no chart at all.
// Mermaid sanitises text with DOMPurify, which needs a DOM: jsdom provides one, offline.
// Usage: node .ci/mermaid/check.mjs FILE...   (after `npm ci --prefix .ci/mermaid`)
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let charts = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
    charts += 1;
    try {
      const result = await mermaid.parse(match[1]);
      console.log(`${file}: chart ${charts}: ${result.diagramType}: ok`);
    } catch (e) {
      failed += 1;
      console.error(`${file}: chart ${charts}: ${String(e.message ?? e)}`);
    }
  }
}
// A self-test: the parser must reject a broken chart, or the passes above prove nothing.
let rejects = false;
try {
  await mermaid.parse('xychart-beta\n  x-axis ["a", "b"\n  line [1, 2]\n');
} catch {
  rejects = true;
}
if (!rejects) {
  console.error('mermaid.parse accepted a broken chart: the check is not working');
  process.exit(1);
}
if (charts === 0) {
  console.error('no ```mermaid block found in the given files');
  process.exit(1);
}
console.log(`mermaid: ${charts - failed} of ${charts} charts parse`);
process.exit(failed === 0 ? 0 : 1);
