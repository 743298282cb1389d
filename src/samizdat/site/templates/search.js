/* samizdat static search: no server, works from file://. Tokens and shard hashing
   follow samizdat/site/_search.py exactly. Everything is shown with textContent (the
   query's words in <mark> elements made here, never parsed HTML). Traditional
   characters are folded to Simplified with search/fold.js, as the index was. */
(function () {
  "use strict";
  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var MARKS = "\\u0300-\\u036f\\u064b-\\u065f\\u0610-\\u061a\\u0670\\u06d6-\\u06ed\\u0f71-\\u0f84\\u0f8d-\\u0fbc\\u102b-\\u103e\\u1056-\\u1059";
  var RUNS = new RegExp(
    "([" + CJK + "]+)|((?:(?![" + CJK + "])[\\p{L}\\p{N}" + MARKS + "])+)", "gu");
  var index = window.samizdatDocs || { shards: 1, docs: [] };
  var foldMap = window.samizdatFold || {};

  /* Simplified and Traditional as one, character for character (same length). */
  function fold(text) {
    var out = "";
    for (var ch of text) { out += foldMap[ch] || ch; }
    return out;
  }
  var shards = {};
  var waiting = {};

  function queryTokens(text) {
    var seen = {}, out = [], match;
    text = fold(text.normalize("NFKC").toLowerCase());
    RUNS.lastIndex = 0;
    function add(token) { if (!seen[token]) { seen[token] = true; out.push(token); } }
    while ((match = RUNS.exec(text)) !== null) {
      if (match[1]) {
        var chars = Array.from(match[1]);
        if (chars.length === 1) { add(chars[0]); }
        for (var i = 0; i + 1 < chars.length; i++) { add(chars[i] + chars[i + 1]); }
      } else {
        add(match[2]);
      }
    }
    return out;
  }

  function shardOf(token, count) {
    var h = 0x811c9dc5;
    for (var ch of token) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % count;
  }

  window.samizdatShard = function (number, postings) {
    shards[number] = postings;
    (waiting[number] || []).forEach(function (done) { done(); });
    delete waiting[number];
  };

  function loadShard(number, done) {
    if (shards[number]) { done(); return; }
    if (waiting[number]) { waiting[number].push(done); return; }
    waiting[number] = [done];
    var script = document.createElement("script");
    script.src = "search/s" + String(number).padStart(3, "0") + ".js";
    script.onerror = function () { window.samizdatShard(number, {}); };
    document.head.appendChild(script);
  }

  function search(query, done) {
    var tokens = queryTokens(query);
    if (!tokens.length) { done(null); return; }
    var needed = {};
    tokens.forEach(function (t) { needed[shardOf(t, index.shards)] = true; });
    var numbers = Object.keys(needed), left = numbers.length;
    numbers.forEach(function (n) {
      loadShard(Number(n), function () {
        left -= 1;
        if (left === 0) { done(match(tokens, query)); }
      });
    });
  }

  function match(tokens, query) {
    var hits = null;
    tokens.forEach(function (token) {
      var list = shards[shardOf(token, index.shards)][token] || [];
      if (hits === null) { hits = list.slice(); return; }
      var keep = {};
      list.forEach(function (n) { keep[n] = true; });
      hits = hits.filter(function (n) { return keep[n]; });
    });
    var needle = fold(query.normalize("NFKC").toLowerCase().trim());
    // Titles holding the whole query first; otherwise the index's order (newest first).
    return (hits || []).map(function (n) {
      var doc = index.docs[n];
      var inTitle = fold(doc[1].normalize("NFKC").toLowerCase()).indexOf(needle) >= 0;
      return { n: n, doc: doc, rank: inTitle ? 0 : 1 };
    }).sort(function (a, b) { return a.rank - b.rank || a.n - b.n; });
  }

  /* ``text`` as nodes in ``parent``, each run of the query's words in a <mark>. */
  function highlight(parent, text, query) {
    var words = query.normalize("NFKC").toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean);
    var folded = fold(text.toLowerCase());
    var marks = [];
    if (folded.length === text.length) {
      words.map(fold).forEach(function (word) {
        for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
          marks.push([at, at + word.length]);
        }
      });
    }
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var done = 0;
    marks.forEach(function (range) {
      if (range[0] < done) { return; }
      parent.appendChild(document.createTextNode(text.slice(done, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      parent.appendChild(mark);
      done = range[1];
    });
    parent.appendChild(document.createTextNode(text.slice(done)));
  }

  function show(results, query) {
    var list = document.getElementById("results");
    var count = document.getElementById("result-count");
    var form = document.getElementById("search-form");
    list.textContent = "";
    if (results === null) { count.textContent = ""; return; }
    count.textContent = results.length
      ? form.getAttribute("data-found").replace("{n}", String(results.length))
      : form.getAttribute("data-none");
    results.slice(0, 200).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.doc[0];
      highlight(link, hit.doc[1], query);
      item.appendChild(link);
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = [hit.doc[2], hit.doc[3]].filter(Boolean).join(" · ");
      item.appendChild(meta);
      if (hit.doc[4]) {
        var text = document.createElement("p");
        highlight(text, hit.doc[4], query);
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    document.title = query + " · " + document.title.split(" · ").pop();
  }

  window.samizdatSearch = {
    queryTokens: queryTokens, shardOf: shardOf, search: search, fold: fold, highlight: highlight
  };
  if (typeof document === "undefined") { return; }  // loaded by a test, not a page

  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var input = document.getElementById("q");
  if (input) { input.value = query; }
  if (query) { search(query, function (results) { show(results, query); }); }
})();
