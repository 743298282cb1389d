/* samizdat static search: no server, works from file://. Tokens follow
   samizdat/site/_tokens.py and shard hashing samizdat/site/_search.py exactly.
   Everything is shown with textContent (the query's words in <mark> elements made
   here, never parsed HTML). Traditional characters are folded to Simplified with
   search/fold.js, as the index was. */
(function () {
  "use strict";
  /* The tokenizer: samizdat/site/_tokens.py's rules, step for step. */
  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var MYMR = "\\u1000-\\u1039\\u103a-\\u103f\\u104c-\\u109f\\uaa60-\\uaa7f\\ua9e0-\\ua9fe";
  var TIBT = "\\u0f40-\\u0f6c\\u0f71-\\u0f87\\u0f8d-\\u0fbc\\u0f3e\\u0f3f\\u0f35\\u0f37\\u0f39";
  var TSHEG = "\\u0f0b\\u0f0c";
  var MARKS = "\\u0300-\\u036f\\u0610-\\u061a\\u06d6-\\u06ed";
  var WORD = "(?:(?![" + CJK + MYMR + "\\u0f00-\\u0fff])[\\p{L}\\p{N}]|[" + MARKS + "])";
  var RUNS = new RegExp(
    "([" + CJK + "]+)|([" + MYMR + "]+)|([" + TIBT + "]+(?:[" + TSHEG + "]+[" + TIBT + "]+)*)" +
    "|(" + WORD + "+(?:\\u200c" + WORD + "+)*)", "gu");
  var CONSONANT = /[\u1000-\u1021]/, STARTS = /[\u1023-\u1027\u1029\u102a\u103f\u104c\u104d\u104f]/;
  var TIBT_UNIT = new RegExp("[" + TIBT + "]+", "gu");
  var DROP = /[\u0640\u064b-\u065f\u0670]/g;
  var CHARS = { "ё": "е", "ي": "ی", "ك": "ک" };
  [0x0660, 0x06f0, 0x1040, 0x0f20].forEach(function (zero) {
    for (var d = 0; d < 10; d++) { CHARS[String.fromCharCode(zero + d)] = String(d); }
  });

  /* Burmese syllables: a break before a consonant neither stacked (after U+1039) nor
     killed (U+103A or U+1039 next, after an optional dot below U+1037), and before an
     independent vowel or syllable symbol. (No regex look-behind: older Safari has none.) */
  function syllables(run) {
    var chars = Array.from(run), out = [], current = "";
    chars.forEach(function (ch, i) {
      var after = chars[i + 1] === "\u1037" ? chars[i + 2] : chars[i + 1];
      var killed = after === "\u103a" || after === "\u1039";
      var starts = CONSONANT.test(ch) ? chars[i - 1] !== "\u1039" && !killed : STARTS.test(ch);
      if (starts && current) { out.push(current); current = ""; }
      current += ch;
    });
    if (current) { out.push(current); }
    return out;
  }

  function normalize(text) {
    var out = "";
    for (var ch of text.normalize("NFKC").toLowerCase()) { out += CHARS[ch] || ch; }
    return out.replace(DROP, "");
  }

  /* [kind, units] of each run of folded ``text``: "units", "tibetan" or "word". */
  function segments(text) {
    var out = [], match;
    text = normalize(text);
    RUNS.lastIndex = 0;
    while ((match = RUNS.exec(text)) !== null) {
      if (match[1]) { out.push(["units", Array.from(match[1])]); }
      else if (match[2]) { out.push(["units", syllables(match[2])]); }
      else if (match[3]) { out.push(["tibetan", match[3].match(TIBT_UNIT)]); }
      else { out.push(["word", match[4].split("\u200c")]); }
    }
    return out;
  }

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
    var seen = {}, out = [];
    function add(token) { if (!seen[token]) { seen[token] = true; out.push(token); } }
    segments(fold(text)).forEach(function (run) {
      var units = run[1], glue = run[0] === "tibetan" ? "\u0f0b" : "";
      if (run[0] === "word") { add(units.join("")); return; }
      if (units.length === 1) { add(units[0]); }
      for (var i = 0; i + 1 < units.length; i++) { add(units[i] + glue + units[i + 1]); }
    });
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

  /* ``text`` folded character for character (same length) for highlighting: the
     tokenizer's letter variants, and with ``bare`` Latin letters without accents. */
  function loose(text, bare) {
    var out = "";
    for (var ch of text) {
      var c = CHARS[ch] || ch;
      if (bare && c === "đ") { c = "d"; }
      else if (bare) {
        var parts = c.normalize("NFD");
        if (parts.length > 1 && parts.charCodeAt(0) < 128) { c = parts[0]; }
      }
      out += c;
    }
    return out;
  }

  /* ``text`` as nodes in ``parent``, each run of the query's words in a <mark>. */
  function highlight(parent, text, query) {
    var words = query.normalize("NFKC").toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean);
    var folded = fold(text.toLowerCase());
    var marks = [];
    if (folded.length === text.length) {
      words.map(fold).forEach(function (word) {
        var bare = loose(word, true) === word;  // typed without tones: marks any tones
        var looseText = loose(folded, bare), needle = loose(word, bare);
        for (var at = looseText.indexOf(needle); at >= 0; at = looseText.indexOf(needle, at + 1)) {
          marks.push([at, at + needle.length]);
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
    queryTokens: queryTokens, normalize: normalize, shardOf: shardOf, search: search, fold: fold, highlight: highlight
  };
  if (typeof document === "undefined") { return; }  // loaded by a test, not a page

  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var input = document.getElementById("q");
  if (input) { input.value = query; }
  if (query) { search(query, function (results) { show(results, query); }); }
})();
