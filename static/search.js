/* lectern default theme: the search box. Plain JavaScript, no dependencies.
   The tokenizer and the two Snowball stemmers below mirror src/search/ rule
   for rule, so a query becomes exactly the terms the index holds; tests run
   this file under Node against a built index to keep the two in step. */
(function () {
  "use strict";

  // ---------------------------------------------------------------------
  // Snowball stemmers, written from the published algorithm descriptions.

  /** The longest suffix of `w` from `list` that starts at or after `lo`. */
  function suffix(w, list, lo) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length - s.length >= lo && (best === null || s.length > best.length) && w.slice(-s.length) === s) best = s;
    }
    return best;
  }

  var RU_V = "аеиоуыэюя";
  var RU = {
    gerund1: ["в", "вши", "вшись"],
    gerund2: ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"],
    adjective: ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого",
      "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"],
    participle1: ["ем", "нн", "вш", "ющ", "щ"],
    participle2: ["ивш", "ывш", "ующ"],
    reflexive: ["ся", "сь"],
    verb1: ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"],
    verb2: ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило",
      "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"],
    noun: ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
      "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"],
    derivational: ["ост", "ость"],
    tidy: ["ейш", "ейше", "н", "ь"]
  };

  /** Suffix removal where the first group must follow `а` or `я` (in RV). */
  function ruTwoGroups(w, lo, first, second) {
    var a = suffix(w, first, lo), b = suffix(w, second, lo);
    if (b !== null && (a === null || b.length > a.length)) return w.slice(0, -b.length);
    if (a === null) return null;
    var at = w.length - a.length - 1;
    return at >= lo && (w[at] === "а" || w[at] === "я") ? w.slice(0, -a.length) : null;
  }

  /** Snowball Russian, for a word of lowercase а–я. */
  function russian(w) {
    var n = w.length, i = 0, lo = n, p2 = n;
    var isV = function (c) { return RU_V.indexOf(c) >= 0; };
    while (i < n && !isV(w[i])) i++;
    if (i < n) {
      lo = ++i;
      var marks = 0;
      // R2: past a non-vowel, a vowel and a non-vowel after RV starts.
      while (i < n && marks < 3) {
        if ((marks % 2 === 0) !== isV(w[i])) marks++;
        i++;
      }
      if (marks === 3) p2 = i;
    }
    var g = ruTwoGroups(w, lo, RU.gerund1, RU.gerund2);
    if (g !== null) w = g;
    else {
      var s = suffix(w, RU.reflexive, lo);
      if (s) w = w.slice(0, -s.length);
      s = suffix(w, RU.adjective, lo);
      if (s) {
        w = w.slice(0, -s.length);
        var p = ruTwoGroups(w, lo, RU.participle1, RU.participle2);
        if (p !== null) w = p;
      } else {
        var v = ruTwoGroups(w, lo, RU.verb1, RU.verb2);
        if (v !== null) w = v;
        else if ((s = suffix(w, RU.noun, lo))) w = w.slice(0, -s.length);
      }
    }
    if (w.length > lo && w[w.length - 1] === "и") w = w.slice(0, -1);
    s = suffix(w, RU.derivational, lo);
    if (s && w.length - s.length >= p2) w = w.slice(0, -s.length);
    s = suffix(w, RU.tidy, lo);
    if (s === "ь") w = w.slice(0, -1);
    else if (s === "н") {
      if (w.length - 2 >= lo && w[w.length - 2] === "н") w = w.slice(0, -1);
    } else if (s) {
      w = w.slice(0, -s.length);
      if (w.length - 2 >= lo && w.slice(-2) === "нн") w = w.slice(0, -1);
    }
    return w;
  }

  var EN_EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli",
    early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EN_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var EN_STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous",
    ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og", fulli: "ful",
    lessli: "less", li: ""
  };
  var EN_STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var EN_STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion"];
  var EN_DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];

  function enV(c) { return "aeiouy".indexOf(c) >= 0; }

  /** A short syllable ends just before `k`. */
  function enShort(w, k) {
    if (k >= 3 && !enV(w[k - 3]) && enV(w[k - 2]) && "aeiouywxY".indexOf(w[k - 1]) < 0) return true;
    return k === 2 && enV(w[0]) && !enV(w[1]);
  }

  /** Position just past the first non-vowel that follows a vowel, from `i`. */
  function enRegion(w, i) {
    while (i < w.length && !enV(w[i])) i++;
    while (i < w.length && enV(w[i])) i++;
    return Math.min(i + 1, w.length);
  }

  function keys(o) { return Object.keys(o); }

  /** Snowball English (Porter2), for a word of lowercase a–z. */
  function english(w) {
    if (EN_EXCEPTIONS.hasOwnProperty(w)) return EN_EXCEPTIONS[w];
    if (w.length < 3) return w;
    var c = w.split(""), i, s;
    if (c[0] === "y") c[0] = "Y";
    for (i = 1; i < c.length; i++) if (c[i] === "y" && enV(c[i - 1])) c[i] = "Y";
    w = c.join("");
    var prefix = /^(gener|commun|arsen)/.exec(w);
    var p1 = prefix ? prefix[0].length : enRegion(w, 0);
    var p2 = enRegion(w, p1);

    // Step 1a
    s = suffix(w, ["sses", "ied", "ies", "s", "us", "ss"], 0);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
    else if (s === "s" && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);

    if (EN_AFTER_1A.indexOf(w) < 0) {
      // Step 1b
      s = suffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"], 0);
      if (s === "eed" || s === "eedly") {
        if (w.length - s.length >= p1) w = w.slice(0, -s.length) + "ee";
      } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
        w = w.slice(0, -s.length);
        var end = suffix(w, ["at", "bl", "iz"].concat(EN_DOUBLES), 0);
        if (end && end[0] === end[1]) w = w.slice(0, -1);
        else if (end || (w.length === p1 && enShort(w, w.length))) w += "e";
      }
      // Step 1c
      var last = w[w.length - 1];
      if ((last === "y" || last === "Y") && w.length > 2 && !enV(w[w.length - 2])) w = w.slice(0, -1) + "i";
      // Step 2
      s = suffix(w, keys(EN_STEP2), 0);
      if (s && w.length - s.length >= p1) {
        var before = w[w.length - s.length - 1];
        if (s === "li") {
          if (before && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2);
        } else if (s !== "ogi" || before === "l") w = w.slice(0, -s.length) + EN_STEP2[s];
      }
      // Step 3
      s = suffix(w, keys(EN_STEP3), 0);
      if (s && w.length - s.length >= p1 && (s !== "ative" || w.length - s.length >= p2)) {
        w = w.slice(0, -s.length) + EN_STEP3[s];
      }
      // Step 4
      s = suffix(w, EN_STEP4, 0);
      if (s && w.length - s.length >= p2) {
        var pre = w[w.length - 4];
        if (s !== "ion" || pre === "s" || pre === "t") w = w.slice(0, -s.length);
      }
      // Step 5
      last = w[w.length - 1];
      var at = w.length - 1;
      if (last === "e" && (at >= p2 || (at >= p1 && !enShort(w, at)))) w = w.slice(0, -1);
      else if (last === "l" && at >= p2 && w[at - 1] === "l") w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  // ---------------------------------------------------------------------
  // Tokenizer: src/search/tokenize.rs.

  var MAX_WORD_CHARS = 40;
  var LETTER_OR_NUMBER = /[\p{L}\p{N}]/u, MARK = /\p{M}/u;
  var CJK = 1, CYRILLIC = 2, OTHER = 3;

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
  }

  function isCyrillic(cp) {
    return (cp >= 0x400 && cp <= 0x52f) || (cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0x2de0 && cp <= 0x2dff) ||
      (cp >= 0xa640 && cp <= 0xa69f);
  }

  function classOf(ch) {
    var cp = ch.codePointAt(0);
    if (isCjk(cp)) return CJK;
    if (LETTER_OR_NUMBER.test(ch)) return isCyrillic(cp) ? CYRILLIC : OTHER;
    return 0;
  }

  /** `{term, start, end, kind, word}` for each term of `text`; offsets in
      UTF-16 units; `word` is the run as normalised before stemming. */
  function tokenize(text, stemEnglish) {
    var out = [], run = [], runClass = 0, pos = 0;
    function flush() {
      if (!runClass) return;
      var start = run[0][1], end = pos;
      if (runClass === CJK) {
        if (run.length === 1) out.push({ term: run[0][0], start: start, end: end, kind: CJK, word: run[0][0] });
        for (var i = 0; i + 1 < run.length; i++) {
          var pair = run[i][0] + run[i + 1][0];
          out.push({ term: pair, start: run[i][1], end: run[i + 1][1] + run[i + 1][0].length, kind: CJK, word: pair });
        }
        return;
      }
      if (run.length > MAX_WORD_CHARS) return;
      var word = run.map(function (r) { return r[0]; }).join("").toLowerCase(), term = word;
      if (runClass === CYRILLIC) {
        term = word = word.replace(/ё/g, "е");
        if (/^[а-я]+$/.test(word)) term = russian(word);
      } else if (stemEnglish && /^[a-z]+$/.test(word)) {
        term = english(word);
      }
      out.push({ term: term, start: start, end: end, kind: runClass, word: word });
    }
    for (var ch of text) {
      var k = classOf(ch);
      if (!k && runClass && MARK.test(ch)) k = runClass;
      if (k !== runClass) {
        flush();
        run = [];
        runClass = k;
      }
      if (runClass) run.push([ch, pos]);
      pos += ch.length;
    }
    flush();
    return out;
  }

  // ---------------------------------------------------------------------
  // The index: src/search/files.rs.

  /** Compares by code point, as Rust orders the index's terms. */
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }

  function gunzip(bytes) {
    bytes = new Uint8Array(bytes);
    // A host may already have decoded a file it served as gzip-encoded.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var utf8 = new TextDecoder();

  /** `[value, next position]` of the LEB128 number at `pos`. */
  function varint(bytes, pos) {
    var n = 0, scale = 1, b;
    do {
      b = bytes[pos++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return [n, pos];
  }

  /** A term shard: its terms in order, and where each one's postings start. */
  function Shard(bytes) {
    this.bytes = bytes;
    this.terms = [];
    this.offsets = [];
    var pos = 0, prev = new Uint8Array(0), r;
    while (pos < bytes.length) {
      var shared = (r = varint(bytes, pos))[0], len = (r = varint(bytes, r[1]))[0];
      pos = r[1];
      var term = new Uint8Array(shared + len);
      term.set(prev.subarray(0, shared));
      term.set(bytes.subarray(pos, pos + len), shared);
      pos += len;
      prev = term;
      this.terms.push(utf8.decode(term));
      this.offsets.push(pos);
      var count = (r = varint(bytes, pos))[0];
      pos = r[1];
      for (var i = 0; i < count; i++) pos = varint(bytes, pos)[1] + 1;
    }
  }

  /** Index of the first term not less than `term`. */
  Shard.prototype.find = function (term) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(this.terms[mid], term) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** Calls `f(doc, impact)` for each posting of the `i`th term. */
  Shard.prototype.postings = function (i, f) {
    var r = varint(this.bytes, this.offsets[i]), count = r[0], pos = r[1], doc = 0;
    for (var k = 0; k < count; k++) {
      r = varint(this.bytes, pos);
      doc += r[0];
      f(doc, this.bytes[r[1]]);
      pos = r[1] + 1;
    }
  };

  var PREFIX_WEIGHT = 0.5, TYPO_WEIGHT = 0.4;

  /** The terms a query asks for: `{term, prefix, typo, tokens}`. The last
      word, while still being typed, also matches longer terms; so does a
      word the stemmer shortened, whose other forms may keep more of the
      word (Snowball cuts `канала` to `кана`, `каналы` to `канал`). A
      longer word may also match with one typo (`typo`), where it matches
      nothing as written. `tokens` are the query's tokens of the term. */
  function queryTerms(query, stemEnglish) {
    var tokens = tokenize(query, stemEnglish), seen = new Map(), out = [];
    var typing = /[\p{L}\p{N}\p{M}]$/u.test(query);
    tokens.forEach(function (t, i) {
      var chars = Array.from(t.term).length, prefix;
      if (t.kind === CJK) prefix = chars === 1;
      else prefix = (i === tokens.length - 1 && typing && chars >= 2) || (t.term !== t.word && chars >= 3);
      var q = seen.get(t.term);
      if (q) q.prefix = q.prefix || prefix;
      else {
        var typo = t.kind !== CJK && Array.from(t.word).length >= TYPO_CHARS && chars >= TYPO_CHARS - 1;
        seen.set(t.term, (q = { term: t.term, prefix: prefix, typo: typo, tokens: [] }));
        out.push(q);
      }
      q.tokens.push(t);
    });
    return out;
  }

  /** Words this long may have one typo: shorter ones would match too many. */
  var TYPO_CHARS = 5;

  /** Whether `a` becomes `b` by one edit: a letter added, dropped,
      changed, or two neighbours swapped. */
  function oneEdit(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var m = a.length, n = b.length, i = 0;
    if (Math.abs(m - n) > 1) return false;
    while (i < m && i < n && a[i] === b[i]) i++;
    var rest = function (x, from) { return x.slice(from).join(""); };
    if (m === n) {
      if (i === m) return false;
      return rest(a, i + 1) === rest(b, i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2));
    }
    return m < n ? rest(a, i) === rest(b, i + 1) : rest(a, i + 1) === rest(b, i);
  }

  /** A typo is looked for among the terms sharing the word's first two
      letters, in at most this many shards around the word's own. */
  var TYPO_SHARDS = 3;

  /** Opens a language's index; `load(name, id)` resolves to a file's bytes
      (`id` is the index fingerprint, for cache busting; none for meta). */
  function Index(load) {
    this.load = load;
    this.shards = [];
    this.fragments = new Map();
    this.meta = null;
  }

  Index.prototype.ready = function () {
    var self = this;
    if (!this.metaPromise) {
      this.metaPromise = this.load("meta.json.gz").then(gunzip).then(function (bytes) {
        var meta = JSON.parse(utf8.decode(bytes));
        if (meta.v !== 3) throw new Error("search index format " + meta.v + " is not supported");
        meta.docPage = [];
        meta.pageStart = [];
        meta.pages.forEach(function (count, page) {
          meta.pageStart.push(meta.docPage.length);
          for (var i = 0; i < count; i++) meta.docPage.push(page);
        });
        self.meta = meta;
        return meta;
      });
      this.metaPromise.catch(function () { self.metaPromise = null; });
    }
    return this.metaPromise;
  };

  /** Shard numbers that may hold `term` (or, with `prefix`, terms starting with it). */
  Index.prototype.shardsFor = function (q) {
    var bounds = this.meta.shards, lo = 0, hi = bounds.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(bounds[mid], q.term) <= 0) lo = mid + 1;
      else hi = mid;
    }
    var out = lo ? [lo - 1] : [];
    while (q.prefix && lo < bounds.length && bounds[lo].startsWith(q.term)) out.push(lo++);
    return out;
  };

  Index.prototype.shard = function (n) {
    var self = this;
    if (!this.shards[n]) {
      this.shards[n] = this.load("t" + n + ".gz", this.meta.id).then(gunzip).then(function (b) { return new Shard(b); });
      this.shards[n].catch(function () { self.shards[n] = null; });
    }
    return this.shards[n];
  };

  /** A section's `[page title, URL, heading id, heading, text]`, from the
      file of its page's group, `[[title, URL, [[id, heading, text], …]], …]`. */
  Index.prototype.fragment = function (doc) {
    var self = this, page = this.meta.docPage[doc], section = doc - this.meta.pageStart[page] - 1;
    var starts = this.meta.groups, lo = 0, hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= page) lo = mid + 1;
      else hi = mid;
    }
    var group = lo - 1;
    if (!this.fragments.has(group)) {
      var f = this.load("p" + group + ".gz", this.meta.id).then(gunzip).then(function (b) { return JSON.parse(utf8.decode(b)); });
      f.catch(function () { self.fragments.delete(group); });
      this.fragments.set(group, f);
    }
    return this.fragments.get(group).then(function (g) {
      var p = g[page - starts[group]], s = p[2][section];
      return [p[0], p[1], s[0], s[1], s[2]];
    });
  };

  function scorer(scores, weight) {
    return function (doc, impact) {
      var s = impact * weight;
      if (!(scores.get(doc) >= s)) scores.set(doc, s);
    };
  }

  /** Doc → score of one query term: exact matches in full, longer terms
      (for a prefix) at PREFIX_WEIGHT; where neither is found, the terms
      one typo away at TYPO_WEIGHT, which are noted in `q.near`. */
  Index.prototype.lookup = function (q) {
    var self = this;
    return Promise.all(this.shardsFor(q).map(function (n) { return self.shard(n); })).then(function (shards) {
      var scores = new Map();
      shards.forEach(function (shard) {
        for (var i = shard.find(q.term); i < shard.terms.length; i++) {
          var t = shard.terms[i];
          if (t === q.term) shard.postings(i, scorer(scores, 1));
          else if (q.prefix && t.startsWith(q.term)) shard.postings(i, scorer(scores, PREFIX_WEIGHT));
          else break;
        }
      });
      return scores.size || !q.typo ? scores : self.nearby(q);
    });
  };

  /** The scores of the terms one typo away from `q.term` (see TYPO_SHARDS). */
  Index.prototype.nearby = function (q) {
    var self = this, start = Array.from(q.term).slice(0, 2).join("");
    var own = this.shardsFor({ term: q.term, prefix: false })[0] || 0;
    var wanted = this.shardsFor({ term: start, prefix: true })
      .sort(function (a, b) { return Math.abs(a - own) - Math.abs(b - own) || a - b; })
      .slice(0, TYPO_SHARDS);
    return Promise.all(wanted.map(function (n) { return self.shard(n); })).then(function (shards) {
      var scores = new Map();
      q.near = [];
      shards.forEach(function (shard) {
        for (var i = shard.find(start); i < shard.terms.length && shard.terms[i].startsWith(start); i++) {
          if (!oneEdit(q.term, shard.terms[i])) continue;
          q.near.push(shard.terms[i]);
          shard.postings(i, scorer(scores, TYPO_WEIGHT));
        }
      });
      return scores;
    });
  };

  /** Pages ranked for `query`: `[{page, doc, score}]`, best first. A page
      must hold every term somewhere (title, headings, text); when none
      holds them all, pages holding the most are shown. A page scores the
      sum of each term's best section, and the result lands on the section
      that matches the most terms, then scores highest. */
  Index.prototype.rank = function (query) {
    var self = this, unmatched = [];
    return this.ready().then(function (meta) {
      var terms = queryTerms(query, meta.english);
      return Promise.all(terms.map(function (q) { return self.lookup(q); })).then(function (perTerm) {
        unmatched = unmatchedWords(query, terms, perTerm);
        var pages = new Map(), docs = new Map();
        perTerm.forEach(function (scores, t) {
          scores.forEach(function (s, doc) {
            var page = meta.docPage[doc];
            var p = pages.get(page);
            if (!p) pages.set(page, (p = { page: page, best: new Array(terms.length).fill(0) }));
            if (s > p.best[t]) p.best[t] = s;
            var d = docs.get(doc) || { count: 0, score: 0 };
            d.count++;
            d.score += s;
            docs.set(doc, d);
          });
        });
        var list = [], most = 0;
        pages.forEach(function (p) {
          p.count = p.best.filter(function (s) { return s > 0; }).length;
          p.score = p.best.reduce(function (a, b) { return a + b; }, 0);
          // The page's first document (description, keywords) is no place to land.
          var bestDoc = null, first = meta.pageStart[p.page] + 1;
          p.doc = first;
          for (var doc = first, end = doc + meta.pages[p.page] - 1; doc < end; doc++) {
            var d = docs.get(doc);
            if (d && (!bestDoc || d.count > bestDoc.count || (d.count === bestDoc.count && d.score > bestDoc.score))) {
              bestDoc = d;
              p.doc = doc;
            }
          }
          most = Math.max(most, p.count);
          list.push(p);
        });
        return list
          .filter(function (p) { return p.count === most; })
          .sort(function (a, b) { return b.score - a.score || a.page - b.page; })
          .map(function (p) { return { page: p.page, doc: p.doc, score: p.score }; });
      }).then(function (ranked) { return { terms: terms, ranked: ranked, unmatched: unmatched }; });
    });
  };

  /** The words of `query` that matched nothing, as typed: a Chinese,
      Japanese or Korean run counts as one word, unmatched if a pair of it
      is. */
  function unmatchedWords(query, terms, perTerm) {
    var tokens = [];
    terms.forEach(function (q, t) {
      q.tokens.forEach(function (token) { tokens.push({ token: token, found: perTerm[t].size > 0 }); });
    });
    tokens.sort(function (a, b) { return a.token.start - b.token.start; });
    var words = [];
    tokens.forEach(function (x) {
      var last = words[words.length - 1], t = x.token;
      if (last && t.kind === CJK && last.kind === CJK && t.start < last.end) {
        last.end = Math.max(last.end, t.end);
        last.found = last.found && x.found;
      } else {
        words.push({ start: t.start, end: t.end, kind: t.kind, found: x.found });
      }
    });
    return words.filter(function (w) { return !w.found; }).map(function (w) { return query.slice(w.start, w.end); });
  }

  /** Results `from` to `to` of a ranking (see `rank`), with their text:
      `{title, url, href, heading, titleParts, headingParts, excerpt}`;
      `href` opens the page with the query's words marked; the `…Parts`
      and `excerpt` are `[text, marked]` pairs. */
  Index.prototype.texts = function (query, r, from, to) {
    var self = this, match = matcher(r.terms), english = this.meta.english;
    return Promise.all(r.ranked.slice(from, to).map(function (hit) {
      return self.fragment(hit.doc).then(function (f) {
        var hash = f[2] ? "#" + f[2] : "";
        return {
          title: f[0],
          url: f[1] + hash,
          href: f[1] + "?highlight=" + encodeURIComponent(query.trim()) + hash,
          heading: f[3],
          titleParts: parts(f[0], marks(f[0], match, english), 0, f[0].length),
          headingParts: parts(f[3], marks(f[3], match, english), 0, f[3].length),
          excerpt: excerpt(f[4], marks(f[4], match, english)),
          score: hit.score
        };
      });
    }));
  };

  /** The top `limit` results for `query` (see `texts`). */
  Index.prototype.search = function (query, limit) {
    var self = this;
    return this.rank(query).then(function (r) { return self.texts(query, r, 0, limit || 8); });
  };

  /** Whether an index term is one the query asks for: itself, a longer
      term for a prefix, or one a typo away where that is what matched. */
  function matcher(terms) {
    return function (term) {
      return terms.some(function (q) {
        return term === q.term || (q.prefix && term.startsWith(q.term)) || (q.near && q.near.indexOf(term) >= 0);
      });
    };
  }

  /** Merged `[start, end]` spans of the matching terms in `text`. */
  function marks(text, match, english) {
    var out = [];
    tokenize(text, english).forEach(function (t) {
      if (!match(t.term)) return;
      var last = out[out.length - 1];
      if (last && t.start <= last[1]) last[1] = Math.max(last[1], t.end);
      else out.push([t.start, t.end]);
    });
    return out;
  }

  function parts(text, spans, start, end) {
    var out = [], at = start;
    spans.forEach(function (m) {
      var s = Math.max(m[0], start), e = Math.min(m[1], end);
      if (s >= e) return;
      if (s > at) out.push([text.slice(at, s), false]);
      out.push([text.slice(s, e), true]);
      at = e;
    });
    if (at < end) out.push([text.slice(at, end), false]);
    return out;
  }

  var EXCERPT = 160, CONTEXT = 30;

  /** About EXCERPT characters of `text` around its densest run of marks. */
  function excerpt(text, spans) {
    var start = 0;
    if (spans.length) {
      var best = -1;
      spans.forEach(function (m, i) {
        var n = 0;
        for (var j = i; j < spans.length && spans[j][1] <= m[0] + EXCERPT - CONTEXT; j++) n++;
        if (n > best) {
          best = n;
          start = Math.max(0, m[0] - CONTEXT);
        }
      });
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < start + CONTEXT - 5) start = space + 1;
    }
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > end - 20) end = back;
    }
    var out = parts(text, spans, start, end);
    if (start > 0) out.unshift(["…", false]);
    if (end < text.length) out.push(["…", false]);
    return out;
  }

  /** Marks the words of `query` in the text under `root` (`<mark>` around
      text nodes, never markup from the query), and returns the first
      mark. A word that is nowhere as typed is marked where it is one typo
      away, as search found it. */
  function markText(root, query, stemEnglish) {
    var d = root.ownerDocument, terms = queryTerms(query, stemEnglish), nodes = [];
    var walker = d.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */, {
      acceptNode: function (n) {
        return n.parentNode.closest("pre, script, style, mark, .anchor") ? 2 /* FILTER_REJECT */ : 1;
      }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push({ node: n, tokens: tokenize(n.data, stemEnglish) });
    var found = new Set();
    nodes.forEach(function (x) {
      x.tokens.forEach(function (t) {
        terms.forEach(function (q) { if (t.term === q.term || (q.prefix && t.term.startsWith(q.term))) found.add(q); });
      });
    });
    terms.forEach(function (q) {
      if (!found.has(q) && q.typo) {
        q.near = [];
        nodes.forEach(function (x) { x.tokens.forEach(function (t) { if (oneEdit(q.term, t.term)) q.near.push(t.term); }); });
      }
    });
    var first = null, match = matcher(terms);
    nodes.forEach(function (x) {
      var spans = [];
      x.tokens.forEach(function (t) {
        if (!match(t.term)) return;
        var last = spans[spans.length - 1];
        if (last && t.start <= last[1]) last[1] = Math.max(last[1], t.end);
        else spans.push([t.start, t.end]);
      });
      // From the last span back, so the earlier ones' offsets still hold.
      for (var i = spans.length - 1; i >= 0; i--) {
        x.node.splitText(spans[i][1]);
        var hit = x.node.splitText(spans[i][0]), mark = d.createElement("mark");
        mark.className = "search-hit";
        hit.parentNode.replaceChild(mark, hit);
        mark.appendChild(hit);
        if (i === 0 && !first) first = mark;
      }
    });
    return first;
  }

  var api = {
    tokenize: tokenize, russian: russian, english: english, queryTerms: queryTerms, oneEdit: oneEdit,
    markText: markText, Index: Index
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------------
  // The search box (templates/base.html). All text goes in as text nodes.

  var d = document, box = d.querySelector(".search[data-search]");
  if (!box || !window.DecompressionStream || !window.fetch) return;
  var input = box.querySelector(".search-input"), panel = box.querySelector(".search-results");
  var list = box.querySelector(".search-list"), status = box.querySelector(".search-status");
  var more = box.querySelector(".search-more"), lang = d.documentElement.lang || undefined;
  var base = box.getAttribute("data-search");
  var say = function (name) { return box.getAttribute("data-" + name) || ""; };
  var index = new Index(function (name, id) {
    var url = base + name + (id ? "?v=" + id : "");
    return fetch(url, id ? {} : { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.arrayBuffer();
    });
  });
  var PAGE = 8, active = -1, options = [], seq = 0, timer = 0, found = null;

  function el(tag, cls, pieces) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    (pieces || []).forEach(function (p) {
      if (p[1]) {
        var m = d.createElement("mark");
        m.textContent = p[0];
        e.appendChild(m);
      } else {
        e.appendChild(d.createTextNode(p[0]));
      }
    });
    return e;
  }

  function open(on) {
    panel.hidden = !on;
    input.setAttribute("aria-expanded", String(on));
  }

  function select(i) {
    if (options[active]) options[active].removeAttribute("aria-selected");
    active = options.length ? (i + options.length) % options.length : -1;
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function option(r) {
    var a = el("a", "search-result");
    a.href = r.href;
    a.id = "search-result-" + options.length;
    a.setAttribute("role", "option");
    a.tabIndex = -1;
    a.appendChild(el("span", "search-result-title", r.titleParts));
    if (r.heading && r.heading !== r.title) a.appendChild(el("span", "search-result-heading", r.headingParts));
    a.appendChild(el("span", "search-result-excerpt", r.excerpt));
    list.appendChild(a);
    options.push(a);
  }

  /** The count of results, and the words that matched nothing (when
      others did: the results are those of the others). */
  function sayFound(r) {
    status.textContent = "";
    var total = r.ranked.length;
    if (!total) {
      status.appendChild(el("span", "search-empty", [[say("no-results"), false]]));
      return;
    }
    var count = say("count").replace("{number}", total.toLocaleString(lang));
    status.appendChild(el("span", "search-count", [[count, false]]));
    if (r.unmatched.length) {
      var words = r.unmatched.map(function (w) { return say("quote-open") + w + say("quote-close"); }).join(", ");
      status.appendChild(el("span", "search-unmatched", [[say("unmatched").replace("{words}", words), false]]));
    }
  }

  function show(query, r, results) {
    list.textContent = "";
    options = [];
    found = { query: query, r: r };
    sayFound(r);
    results.forEach(option);
    more.hidden = r.ranked.length <= options.length;
    active = -1;
    select(results.length ? 0 : -1);
    open(true);
  }

  function run() {
    var q = input.value, mine = ++seq;
    if (!q.trim()) {
      list.textContent = "";
      status.textContent = "";
      options = [];
      found = null;
      more.hidden = true;
      select(-1);
      open(false);
      return;
    }
    index.rank(q).then(function (r) {
      return index.texts(q, r, 0, PAGE).then(function (results) {
        if (mine === seq) show(q, r, results);
      });
    }).catch(function (e) {
      if (mine === seq) open(false);
      if (window.console) console.warn("search:", e);
    });
  }

  // The next results of the same ranking, below those shown.
  more.addEventListener("click", function () {
    var mine = seq, shown = options.length, f = found;
    if (!f) return;
    index.texts(f.query, f.r, shown, shown + PAGE).then(function (results) {
      if (mine !== seq) return;
      results.forEach(option);
      more.hidden = f.r.ranked.length <= options.length;
      select(shown);
      input.focus();
    });
  });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("focus", function () {
    index.ready().catch(function () {});
    if (found) open(true);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (panel.hidden && input.value.trim()) run();
      else select(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && !e.isComposing) {
      e.preventDefault();
      if (options[active]) {
        open(false);
        options[active].click();
      }
    } else if (e.key === "Escape") {
      if (!panel.hidden) open(false);
      else input.blur();
    }
  });
  d.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && t.closest && (t.isContentEditable || t.closest("input, textarea, select"));
    if ((e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) ||
        ((e.key || "").toLowerCase() === "k" && (e.ctrlKey || e.metaKey) && !e.altKey)) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  d.addEventListener("pointerdown", function (e) {
    if (!box.contains(e.target)) open(false);
  });

  // A page opened from a result: the words searched for are marked.
  var wanted = new URLSearchParams(location.search).get("highlight");
  var page = d.querySelector("main .page") || d.querySelector("main");
  if (wanted && wanted.trim() && page) {
    index.ready().then(function (meta) {
      var first = markText(page, wanted.slice(0, 200), meta.english);
      if (first && !location.hash) first.scrollIntoView({ block: "center" });
    }).catch(function () {});
  }
})();
