// The differential oracle for ECMAScriptRegex: RegExp.prototype.test in Node's engine.
// Input, one case per line: pattern TAB input (escaped: backslash-backslash, -t, -n, -r, -u plus
// four hex digits). Output, one line per case: "ok true", "ok false" or "error <message>".
// Run: node Tests/Oracles/ecmascript-oracle.js < cases.tsv
const fs = require('fs');
function unescape(s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (m, e) => {
    if (e === 't') return '\t';
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}
const lines = fs.readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '') continue;
  const [p, i] = line.split('\t');
  try {
    const re = new RegExp(unescape(p));
    out.push('ok ' + re.test(unescape(i)));
  } catch (e) {
    out.push('error ' + e.message.replace(/\n/g, ' '));
  }
}
process.stdout.write(out.join('\n') + '\n');
