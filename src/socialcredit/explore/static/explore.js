// The explorer's page: levers on the left, the figures of the current setting on the right.
// Every figure comes from the lab's server on this machine (POST /api/evaluate); nothing is
// fetched from anywhere else. `document.body.dataset.updates` counts the settings shown, so a
// test or a benchmark can wait for the figures of its move.
"use strict";

const BLUE = "#0072B2", VERMILION = "#D55E00", GREEN = "#009E73", GREY = "#8a8a94";
const setting = {};
let levers = [];
let asked = 0;
let timer = null;

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function fmt(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (Math.abs(x) < 0.5 * 10 ** -digits) x = 0;  // no "−0"
  return x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    .replace("-", "\u2212");
}

function estimate(e, signed = false, kind = "") {
  if (!e || e.mean === null) return "—";
  // A share reads as a percentage (its differences in percentage points).
  const [scale, unit] = kind === "share" ? [100, "%"] : [1, ""];
  const sign = signed && e.mean > 0 ? "+" : "";
  const digits = unit ? 1 : Math.abs(e.mean) < 10 ? 2 : 1;
  const mean = sign + fmt(e.mean * scale, digits) + unit;
  if (e.low === null || e.high === null) return mean;
  return `${mean} (${fmt(e.low * scale, digits)}${unit} to ${fmt(e.high * scale, digits)}${unit})`;
}

function control(lever) {
  const id = "lever-" + lever.path.replaceAll(".", "-");
  const box = el("div", { class: "lever" });
  const label = el("label", { for: id }, lever.label);
  box.append(label);
  let input;
  if (lever.kind === "toggle") {
    input = el("input", { id, type: "checkbox", "data-path": lever.path });
    input.checked = lever.value;
    box.prepend(input);
  } else if (lever.kind === "choice") {
    input = el("select", { id, "data-path": lever.path });
    for (const c of lever.choices) {
      const o = el("option", { value: c }, c);
      if (c === lever.value) o.selected = true;
      input.append(o);
    }
    box.append(input);
  } else {
    input = el("input", {
      id, type: "range", min: lever.low, max: lever.high, step: lever.step,
      value: lever.value, "data-path": lever.path,
    });
    const shown = el("output", { for: id }, `${fmt(lever.value, 2)} ${lever.unit}`);
    box.append(input, shown);
    input.addEventListener("input", () => {
      shown.textContent = `${fmt(Number(input.value), 2)} ${lever.unit}`;
    });
    if (lever.source) {
      const why = el("details", { class: "source" });
      why.append(el("summary", {}, "Where the range comes from"), el("p", {}, lever.source));
      box.append(why);
    }
  }
  const changed = (rests) => {
    let value;
    if (lever.kind === "toggle") value = input.checked;
    else if (lever.kind === "choice") value = input.value;
    else value = Number(input.value);
    if (value === lever.value) delete setting[lever.path];
    else setting[lever.path] = value;
    clearTimeout(timer);
    // A slider being dragged asks once it rests; let go (or moved by a key or a click), a
    // slider asks at once, as a switch or a choice does.
    timer = setTimeout(evaluate, rests ? 150 : 0);
  };
  if (lever.kind === "number") input.addEventListener("input", () => changed(true));
  input.addEventListener("change", () => changed(false));
  return box;
}

async function post(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    return [response.ok, await response.json()];
  } catch (error) {  // the explorer stopped, or answered with something that is not JSON
    return [false, { error: `no answer from the explorer (${error.message})` }];
  }
}

async function evaluate() {
  const mine = ++asked;
  const results = document.getElementById("results");
  results.setAttribute("aria-busy", "true");
  document.getElementById("status").textContent = "Running the town…";
  const [ok, doc] = await post("/api/evaluate", { setting });
  if (mine !== asked) return;  // a later move is on its way
  results.setAttribute("aria-busy", "false");
  if (!ok) {
    document.getElementById("status").textContent = "This setting cannot run: " + doc.error;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    return;
  }
  show(doc);
  document.getElementById("status").textContent =
    `${fmt(doc.citizens, 0)} citizens × ${doc.days} days, seeds ${doc.seeds.join(", ")}.`;
  document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
}

function show(doc) {
  document.getElementById("headline").textContent = doc.headline;
  const audit = document.getElementById("audit");
  audit.className = "verdict is-" + doc.audit.verdict;
  audit.textContent = `Audit: ${doc.audit.verdict}` +
    (doc.audit.failing.length ? ` (fails ${doc.audit.failing.join(", ")})` : "");
  const body = document.querySelector("#key tbody");
  body.replaceChildren(...doc.key.map((row) => {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, `${row.label} (${row.unit})`),
      el("td", {}, estimate(row.value, false, row.kind)),
      el("td", {}, estimate(row.vs_none, true, row.kind)),
      el("td", {}, estimate(row.vs_start, true, row.kind)));
    return tr;
  }));
  steps(doc.histogram);
  lines(doc.lists);
  frontier(doc.point, doc.shipped);
}

function frame(node, xs, ys, xlabel) {
  node.replaceChildren();
  const [x0, x1] = xs, [y0, y1] = ys;
  const X = (x) => 50 + (x - x0) / ((x1 - x0) || 1) * 410;
  const Y = (y) => 190 - (y - y0) / ((y1 - y0) || 1) * 170;
  node.append(svg("line", { x1: 50, y1: 190, x2: 460, y2: 190, stroke: "#555" }));
  node.append(svg("line", { x1: 50, y1: 20, x2: 50, y2: 190, stroke: "#555" }));
  for (const [v, x, y, anchor] of [[x0, X(x0), 205, "start"], [x1, X(x1), 205, "end"],
    [y1, 46, Y(y1) + 4, "end"], [y0, 46, 194, "end"]]) {
    const t = svg("text", { x, y, "text-anchor": anchor, "font-size": 11 });
    t.textContent = fmt(v, 1);
    node.append(t);
  }
  const t = svg("text", { x: 255, y: 216, "text-anchor": "middle", "font-size": 11 });
  t.textContent = xlabel;
  node.append(t);
  return [X, Y];
}

function path(node, points, colour, dash = null) {
  const d = points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
  const attrs = { d, fill: "none", stroke: colour, "stroke-width": 1.6 };
  if (dash) attrs["stroke-dasharray"] = dash;
  node.append(svg("path", attrs));
}

function steps(h) {
  const node = document.getElementById("histogram");
  const top = Math.max(1, ...h.observed, ...h.true);
  const [X, Y] = frame(node, [h.edges[0], h.edges[h.edges.length - 1]], [0, top], "Score");
  for (const [counts, colour] of [[h.true, VERMILION], [h.observed, BLUE]]) {
    const pts = counts.flatMap((c, i) => [[X(h.edges[i]), Y(c)], [X(h.edges[i + 1]), Y(c)]]);
    path(node, pts, colour);
  }
}

function lines(l) {
  const node = document.getElementById("lists");
  const top = Math.max(1, ...l.black, ...l.black_true, ...l.red);
  const days = l.day;
  const [X, Y] = frame(node, [days[0], days[days.length - 1]], [0, top], "Day");
  path(node, l.red.map((v, i) => [X(days[i]), Y(v)]), GREEN);
  path(node, l.black_true.map((v, i) => [X(days[i]), Y(v)]), VERMILION, "4 3");
  path(node, l.black.map((v, i) => [X(days[i]), Y(v)]), BLUE);
}

function frontier(point, shipped) {
  const node = document.getElementById("frontier");
  const all = [point, ...Object.values(shipped)].filter((p) => p.benefit !== null);
  const xs = all.map((p) => p.wrongful), ys = all.map((p) => p.benefit);
  const [X, Y] = frame(node, [0, Math.max(0.1, ...xs) * 1.1],
    [Math.min(0, ...ys), Math.max(0.1, ...ys) * 1.1], "Ever wrongly blacklisted per 1,000");
  for (const [name, p] of Object.entries(shipped)) {
    if (p.benefit === null) continue;
    node.append(svg("circle", { cx: X(p.wrongful), cy: Y(p.benefit), r: 4, fill: GREY }));
    const t = svg("text", { x: X(p.wrongful) + 6, y: Y(p.benefit) - 6, "font-size": 11 });
    t.textContent = name;
    node.append(t);
  }
  if (point.benefit !== null) {
    node.append(svg("circle", { cx: X(point.wrongful), cy: Y(point.benefit), r: 5, fill: "#111" }));
  }
}

const KINDS = {
  wrongly_listed: "wrongly listed", rightly_listed: "rightly listed", missed: "missed by the list",
  collateral: "hurt through a relative", honour_roll: "on the honour roll", random: "anyone",
};

async function story(kind) {
  const box = document.getElementById("story");
  box.replaceChildren(el("p", {}, `Running the first seed again for a citizen ${KINDS[kind]}…`));
  const [ok, doc] = await post("/api/story", { setting, kind });
  if (!ok) {
    box.replaceChildren(el("p", {}, "No story: " + doc.error));
    return;
  }
  if (!doc.summary) {
    box.replaceChildren(el("p", {}, `No citizen of this town was ${doc.words} under this rulebook.`));
    return;
  }
  const list = el("ol", { class: "timeline" });
  for (const line of doc.lines.slice(0, 300)) {
    list.append(el("li", line.key ? { class: "key" } : {}, `${line.date}: ${line.text}`));
  }
  box.replaceChildren(el("p", { class: "summary" }, doc.summary), list);
  if (doc.lines.length > 300) box.append(el("p", {}, `… and ${doc.lines.length - 300} more lines.`));
}

async function save(event) {
  event.preventDefault();
  const name = document.getElementById("save-name").value;
  const [ok, doc] = await post("/api/save", { setting, name });
  document.getElementById("saved").textContent = ok
    ? "Written: " + doc.written.join(", ") : "Not saved: " + doc.error;
}

async function start() {
  const doc = await (await fetch("/api/levers")).json();
  levers = doc.levers;
  document.getElementById("town").textContent =
    `Starting from the policy ${doc.policy} in the world ${doc.scenario}: ` +
    `${fmt(doc.citizens, 0)} synthetic citizens over ${doc.days} days, ` +
    `${doc.seeds.length} seeds. Every figure is paired against no scoring and against ` +
    `${doc.policy} on the same citizens and draws.`;
  for (const lever of levers) {
    document.getElementById(lever.side === "world" ? "world" : "rulebook").append(control(lever));
  }
  document.getElementById("save").addEventListener("submit", save);
  const kinds = document.getElementById("kinds");
  for (const [kind, words] of Object.entries(KINDS)) {
    const button = el("button", { type: "button", "data-kind": kind }, words);
    button.addEventListener("click", () => story(kind));
    kinds.append(button, " ");
  }
  evaluate();
}

start();
