/**
 * The page of `spec2ts explore`: walk a model's state space by hand from an initial state, choosing
 * the next step among the enabled ones (Stateright's explorer is the model). It talks to the local
 * server (cli/commands/explore.ts) through three JSON endpoints: `api/meta`, `api/init`, `api/state?id=`.
 */
import { PAGE_CSS, PAGE_JS_COMMON } from "./page-assets.js";
import { htmlText } from "./page-data.js";

const EXPLORE_JS = `
let meta = null;
let sources = {};
const path = []; // [{ id, title, changes, loc }]
async function api(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url + ": " + r.status + " " + (await r.text()));
  return r.json();
}
async function start() {
  meta = await api("api/meta");
  sources = meta.sources;
  document.getElementById("title").textContent = meta.spec + " / " + meta.workload;
  const inits = await api("api/init");
  document.getElementById("verdict").textContent = inits.length + " initial state" + (inits.length === 1 ? "" : "s") + "; choose steps to explore";
  if (inits.length === 1) { path.push({ id: inits[0].id, title: "initial state", changes: [], loc: "" }); await show(); }
  else showChoices(inits.map(function (s, k) { return { id: s.id, title: "initial state " + (k + 1), label: "initial state " + (k + 1), changes: s.differs, picks: "", loc: "" }; }), true);
}
function showChoices(list, initial) {
  const ul = document.getElementById("succ");
  clear(ul);
  document.getElementById("succ-title").textContent = initial ? "Initial states" : "Enabled steps (" + list.length + ")";
  for (const t of list) {
    const li = el("li");
    const head = el("div");
    if (t.mover) head.appendChild(el("span", null, t.mover + " "));
    head.appendChild(el("span", "label", t.label));
    if (t.loc) head.appendChild(el("span", "loc", ":" + t.loc.replace(/^.*:/, "")));
    li.appendChild(head);
    if (t.picks) li.appendChild(el("div", "picks", "with " + t.picks));
    for (const c of t.changes) if (!/\\.pc$/.test(c.path)) li.appendChild(el("div", "chg", changeText(c)));
    if (t.id === undefined) li.appendChild(el("div", "failure", t.error));
    li.addEventListener("click", async function () {
      if (t.id === undefined) return;
      if (initial) path.length = 0;
      path.push({ id: t.id, title: (t.mover ? t.mover + " " : "") + t.label, changes: t.changes, loc: t.loc });
      await show();
    });
    ul.appendChild(li);
  }
  if (!list.length) ul.appendChild(el("li", "muted", "none"));
}
async function show() {
  const here = path[path.length - 1];
  const s = await api("api/state?id=" + encodeURIComponent(here.id));
  document.getElementById("state-title").textContent = "State " + path.length + (path.length > 1 ? " after " + here.title : " (initial)");
  renderVars(document.getElementById("vars"), s.state, here.changes);
  renderLocks(document.getElementById("locks"), s.state);
  renderSource(document.getElementById("source"), sources, here.loc);
  const inv = document.getElementById("invariants");
  clear(inv);
  for (const i of s.invariants) inv.appendChild(el("div", "inv " + (i.holds ? "ok" : "bad"), (i.holds ? "\\u2713 " : "\\u2717 ") + i.name + (i.holds ? "" : " violated")));
  if (!s.invariants.length) inv.appendChild(el("div", "muted", "no invariants"));
  const status = document.getElementById("status");
  status.hidden = s.status === "running";
  status.className = "banner" + (s.status === "deadlock" || s.status === "error" ? " bad" : "");
  status.textContent = s.status === "deadlock" ? "Deadlock: no step is enabled and not every process is done." + (s.blocked.length ? " " + s.blocked.join("; ") : "")
    : s.status === "done" ? "Every process is done (a proper termination)." : s.status === "error" ? s.error : "";
  showChoices(s.successors, false);
  const ol = document.getElementById("path");
  clear(ol);
  path.forEach(function (p, k) {
    const li = el("li", k === path.length - 1 ? "current" : null, p.title);
    li.addEventListener("click", async function () { path.length = k + 1; await show(); });
    ol.appendChild(li);
  });
  document.getElementById("back").disabled = path.length <= 1;
}
document.getElementById("back").addEventListener("click", async function () { if (path.length > 1) { path.pop(); await show(); } });
document.getElementById("restart").addEventListener("click", async function () { path.length = 0; await start(); });
document.addEventListener("keydown", async function (e) { if ((e.key === "ArrowLeft" || e.key === "Backspace") && path.length > 1) { e.preventDefault(); path.pop(); await show(); } });
start().catch(function (e) { document.getElementById("verdict").textContent = String(e); });
`;

export function renderExplorePage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spec2ts">
<title>${htmlText(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div id="verdict" class="muted"></div>
</header>
<div class="controls">
  <button id="back" title="undo the last step (\u2190)">\u25c0 back</button>
  <button id="restart" title="back to the initial states">restart</button>
</div>
<main>
  <section>
    <h2 id="state-title">State</h2>
    <div id="status" class="banner" hidden></div>
    <div id="vars"></div>
    <h2>Invariants</h2>
    <div id="invariants"></div>
    <h2>Locks held</h2>
    <div id="locks"></div>
  </section>
  <section>
    <h2 id="succ-title">Enabled steps</h2>
    <ul id="succ" class="succ"></ul>
    <h2>Path</h2>
    <ol id="path" class="path"></ol>
    <h2>Spec</h2>
    <div id="source"></div>
  </section>
</main>
<script>${PAGE_JS_COMMON}${EXPLORE_JS}</script>
</body>
</html>
`;
}
