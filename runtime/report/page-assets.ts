/**
 * Style and script shared by the web views (the counterexample page and the state-space explorer).
 * The script builds every element with `textContent`, never `innerHTML`, so values and names from a
 * spec are always text. No external resources: the pages work offline and from a file.
 */

export const PAGE_CSS = `
:root { --fg: #1d1f23; --muted: #68707d; --line: #d9dde3; --bg: #fff; --sel: #fff5cc; --chg: #ffe08a; --cyc: #eef4ff; --bad: #b3261e; --ok: #1b7f3b; --link: #2457c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 12px 18px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0 0 4px; }
.verdict { font-weight: 600; }
.verdict.bad { color: var(--bad); } .verdict.ok { color: var(--ok); }
.failure { margin: 6px 0 0; white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; color: var(--bad); }
.controls { display: flex; gap: 6px; align-items: center; padding: 8px 18px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--bg); z-index: 1; }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 5px; background: #f6f7f9; cursor: pointer; }
button:disabled { opacity: .45; cursor: default; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 0; }
section { padding: 10px 18px; min-width: 0; }
section + section { border-left: 1px solid var(--line); }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; font-size: 12.5px; color: var(--muted); }
tr.step { cursor: pointer; }
tr.step.selected td { background: var(--sel); }
tr.step.cycle td:first-child { background: var(--cyc); }
td.idx { width: 3.5em; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.label { font-weight: 600; font-family: ui-monospace, Menlo, Consolas, monospace; }
.loc { color: var(--link); cursor: pointer; font-size: 12px; margin-left: 4px; }
.picks { color: var(--muted); font-size: 12.5px; }
.chg { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.vars td { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.vars tr.changed td { background: var(--chg); }
.was { color: var(--muted); text-decoration: line-through; margin-right: 6px; }
pre.src { margin: 0; font: 12.5px/1.5 ui-monospace, Menlo, Consolas, monospace; overflow-x: auto; border: 1px solid var(--line); border-radius: 5px; }
pre.src span { display: block; padding: 0 8px; white-space: pre; }
pre.src span.hit { background: var(--sel); }
.muted { color: var(--muted); }
.banner { margin: 8px 0; padding: 6px 10px; border-radius: 5px; background: var(--cyc); }
.banner.bad { background: #fde8e7; color: var(--bad); }
ul.succ { list-style: none; padding: 0; margin: 0; }
ul.succ li { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 6px; padding: 6px 8px; cursor: pointer; }
ul.succ li:hover { background: var(--sel); }
.inv.bad { color: var(--bad); font-weight: 600; } .inv.ok { color: var(--ok); }
ol.path { padding-left: 1.6em; margin: 0; font-size: 12.5px; }
ol.path li { cursor: pointer; } ol.path li.current { font-weight: 600; }
`;

/** Helpers both pages use: element building, the variables table, the source panel. */
export const PAGE_JS_COMMON = `
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
function changeText(c) {
  if (c.before === undefined) return c.path + " = " + c.after;
  if (c.after === undefined) return c.path + " removed";
  return c.path + ": " + c.before + " \\u2192 " + c.after;
}
/** The variables table; rows whose path changed are highlighted with the old value struck through. */
function renderVars(box, state, changes) {
  clear(box);
  const changed = new Map((changes || []).map(function (c) { return [c.path, c]; }));
  const table = el("table", "vars");
  const head = el("tr"); head.appendChild(el("th", null, "variable")); head.appendChild(el("th", null, "value"));
  table.appendChild(head);
  for (const pair of state.vars) {
    const tr = el("tr");
    const c = changed.get(pair[0]) || Array.from(changed.values()).find(function (x) { return x.path.indexOf(pair[0] + ".") === 0 || x.path.indexOf(pair[0] + "[") === 0; });
    if (c) tr.className = "changed";
    tr.appendChild(el("td", null, pair[0]));
    const td = el("td");
    if (c && changed.get(pair[0]) && c.before !== undefined) td.appendChild(el("span", "was", c.before));
    td.appendChild(document.createTextNode(pair[1]));
    tr.appendChild(td);
    table.appendChild(tr);
  }
  box.appendChild(table);
}
function renderLocks(box, state) {
  clear(box);
  if (!state.locks.length) { box.appendChild(el("div", "muted", "no lock is held")); return; }
  const ul = el("ul");
  for (const pair of state.locks) ul.appendChild(el("li", null, pair[0] + " holds " + pair[1].join(", ")));
  box.appendChild(ul);
}
/** Shows the lines around file:line of a spec source, the line itself highlighted. */
function renderSource(box, sources, loc) {
  clear(box);
  const m = /^(.*):(\\d+)$/.exec(loc || "");
  if (!m || sources[m[1]] === undefined) { box.appendChild(el("div", "muted", loc ? "source of " + loc + " not available" : "the initial state has no source line")); return; }
  const lines = sources[m[1]].split("\\n");
  const at = Number(m[2]);
  box.appendChild(el("div", "muted", m[1] + ":" + at));
  const pre = el("pre", "src");
  for (let n = Math.max(1, at - 4); n <= Math.min(lines.length, at + 6); n++) {
    const line = el("span", n === at ? "hit" : null, String(n).padStart(4, " ") + "  " + lines[n - 1]);
    pre.appendChild(line);
  }
  box.appendChild(pre);
}
`;
