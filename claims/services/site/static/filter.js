(function () {
  "use strict";
  var node = document.getElementById("claims-index");
  var form = document.getElementById("filters");
  var list = document.getElementById("claim-list");
  if (!node || !form || !list) { return; }
  var data = JSON.parse(node.textContent);
  var LIMIT = 200;

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }
  data.speakers.forEach(function (name) { option(form.speaker, name, name); });
  data.tags.forEach(function (tag) { option(form.tag, tag, tag); });
  data.statuses.forEach(function (s, i) { option(form.status, s, data.labels[i]); });

  function readHash() {
    var at = location.hash.indexOf("?");
    var params = new URLSearchParams(at >= 0 ? location.hash.slice(at + 1) : "");
    form.speaker.value = params.get("speaker") || "";
    form.tag.value = params.get("tag") || "";
    form.status.value = params.get("status") || "";
    form.overdue.checked = params.get("overdue") === "1";
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (form.speaker.value) { params.set("speaker", form.speaker.value); }
    if (form.tag.value) { params.set("tag", form.tag.value); }
    if (form.status.value) { params.set("status", form.status.value); }
    if (form.overdue.checked) { params.set("overdue", "1"); }
    var query = params.toString();
    history.replaceState(null, "", query ? "#all?" + query : "#all");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function item(r) {
    var status = data.statuses[r[3]];
    var li = el("li", "row");
    li.setAttribute("data-status", status);
    var a = el("a", "row-link");
    a.href = "claims/" + r[1] + ".html";
    var meta = el("span", "row-meta");
    meta.appendChild(el("strong", "", data.speakers[r[2]]));
    var bits = " · " + r[9] + (r[8] ? " · said " + r[8] : "") + (r[4] ? " · due " + r[4] : "");
    meta.appendChild(document.createTextNode(bits));
    a.appendChild(meta);
    a.appendChild(el("span", "row-text", r[7]));
    li.appendChild(a);
    var badges = el("span", "row-status");
    badges.appendChild(el("span", "badge s-" + status, data.labels[r[3]]));
    if (r[5] !== null) {
      badges.appendChild(document.createTextNode(" "));
      badges.appendChild(el("span", "badge late", "overdue " + r[5] + " d"));
    }
    li.appendChild(badges);
    return li;
  }

  function apply() {
    var speaker = data.speakers.indexOf(form.speaker.value);
    var tag = data.tags.indexOf(form.tag.value);
    var status = data.statuses.indexOf(form.status.value);
    var late = form.overdue.checked;
    var rows = data.rows.filter(function (r) {
      return (speaker < 0 || r[2] === speaker) && (tag < 0 || r[6].indexOf(tag) >= 0) &&
        (status < 0 || r[3] === status) && (!late || r[5] !== null);
    });
    if (late) { rows.sort(function (a, b) { return b[5] - a[5] || a[0] - b[0]; }); }
    var ul = el("ul", "rows");
    rows.slice(0, LIMIT).forEach(function (r) { ul.appendChild(item(r)); });
    list.replaceChildren(ul);
    var shown = document.getElementById("shown");
    shown.textContent = rows.length === 1 ? "1 claim" :
      rows.length + " claims" + (rows.length > LIMIT ? " (first " + LIMIT + " shown; the downloads have all)" : "");
    if (!rows.length) { list.appendChild(el("p", "hint", "No claim matches these filters.")); }
  }

  form.hidden = false;
  readHash();
  apply();
  form.addEventListener("change", function () { writeHash(); apply(); });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
}());
