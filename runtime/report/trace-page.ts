/**
 * `check --html FILE`: one self-contained page for a counterexample or a lasso. A swimlane (one
 * column per process, one row per atomic step; click a row or use ← →), the full state after the
 * selected step with what it changed highlighted, the locks each instance holds, the spec lines the
 * step runs, and for a lasso the cycle marked and the state it returns to named.
 */
import { PAGE_CSS, PAGE_JS_COMMON } from "./page-assets.js";
import { htmlText, inlineJson, type TracePageData } from "./page-data.js";

const TRACE_JS = `
const data = JSON.parse(document.getElementById("spec2ts-data").textContent);
let cur = 0;
const rows = [];
function build() {
  document.getElementById("title").textContent = data.title;
  const v = document.getElementById("verdict");
  v.textContent = data.verdict;
  v.className = "verdict " + (/^holds/.test(data.verdict) ? "ok" : "bad");
  document.getElementById("failure").textContent = data.failure.join("\\n");
  if (data.loopIndex !== undefined) {
    const b = document.getElementById("loop");
    b.hidden = false;
    b.textContent = "Lasso: the steps marked \\u21ba form a cycle that returns to state " + data.loopIndex + " and repeats forever.";
  }
  const table = document.getElementById("lanes");
  const head = el("tr");
  head.appendChild(el("th", null, "#"));
  for (const lane of data.lanes) head.appendChild(el("th", null, lane));
  table.appendChild(head);
  data.steps.forEach(function (s, i) {
    const tr = el("tr", "step" + (s.cycle ? " cycle" : ""));
    tr.dataset.index = String(i);
    tr.appendChild(el("td", "idx", (s.cycle ? "\\u21ba " : "") + s.index));
    if (s.lane < 0) {
      const td = el("td", "muted", "initial state");
      td.colSpan = Math.max(1, data.lanes.length);
      tr.appendChild(td);
    } else {
      for (let l = 0; l < data.lanes.length; l++) {
        const td = el("td");
        if (l === s.lane) {
          td.appendChild(el("span", "label", s.label));
          if (s.loc) td.appendChild(el("span", "loc", ":" + s.loc.replace(/^.*:/, "")));
          if (s.picks) td.appendChild(el("div", "picks", "with " + s.picks));
          for (const c of s.changes) if (!/\\.pc$/.test(c.path)) td.appendChild(el("div", "chg", changeText(c)));
        }
        tr.appendChild(td);
      }
    }
    tr.addEventListener("click", function () { select(i); });
    table.appendChild(tr);
    rows.push(tr);
  });
}
function select(i) {
  cur = Math.max(0, Math.min(data.steps.length - 1, i));
  rows.forEach(function (r, k) { r.classList.toggle("selected", k === cur); });
  const s = data.steps[cur];
  document.getElementById("pos").textContent = "state " + s.index + " of " + data.steps[data.steps.length - 1].index;
  document.getElementById("prev").disabled = cur === 0;
  document.getElementById("next").disabled = cur === data.steps.length - 1;
  document.getElementById("state-title").textContent = s.lane < 0 ? "Initial state" : "State " + s.index + " after " + (s.mover ? s.mover + " " : "") + s.label;
  renderVars(document.getElementById("vars"), s.state, s.changes);
  renderLocks(document.getElementById("locks"), s.state);
  renderSource(document.getElementById("source"), data.sources, s.loc);
  rows[cur].scrollIntoView({ block: "nearest" });
}
build();
document.getElementById("first").addEventListener("click", function () { select(0); });
document.getElementById("prev").addEventListener("click", function () { select(cur - 1); });
document.getElementById("next").addEventListener("click", function () { select(cur + 1); });
document.getElementById("last").addEventListener("click", function () { select(data.steps.length - 1); });
document.addEventListener("keydown", function (e) {
  if (e.key === "ArrowRight" || e.key === "j") select(cur + 1);
  else if (e.key === "ArrowLeft" || e.key === "k") select(cur - 1);
  else if (e.key === "Home") select(0);
  else if (e.key === "End") select(data.steps.length - 1);
});
select(0);
`;

export function renderTracePage(data: TracePageData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spec2ts">
<title>${htmlText(data.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div id="verdict" class="verdict"></div>
  <div id="failure" class="failure"></div>
  <div id="loop" class="banner" hidden></div>
</header>
<div class="controls">
  <button id="first" title="first state (Home)">|\u25c0 first</button>
  <button id="prev" title="previous state (\u2190)">\u25c0 back</button>
  <button id="next" title="next state (\u2192)">forward \u25b6</button>
  <button id="last" title="last state (End)">last \u25b6|</button>
  <span id="pos" class="muted"></span>
</div>
<main>
  <section>
    <h2>Steps</h2>
    <table id="lanes"></table>
  </section>
  <section>
    <h2 id="state-title">State</h2>
    <div id="vars"></div>
    <h2>Locks held</h2>
    <div id="locks"></div>
    <h2>Spec</h2>
    <div id="source"></div>
  </section>
</main>
<script type="application/json" id="spec2ts-data">${inlineJson(data)}</script>
<script>${PAGE_JS_COMMON}${TRACE_JS}</script>
</body>
</html>
`;
}
