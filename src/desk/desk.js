// tarjama desk: the translator's page served by `tarjama serve` (GET /). No framework and
// nothing fetched from elsewhere. Every text that comes from the memory or the user is
// inserted as text (text nodes, textContent, attribute values), never parsed as HTML.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const STORE_KEY = "tarjama-desk-draft";
  const TOKEN_KEY = "tarjama-desk-token";
  const PAGE = 40; // segments shown (and looked up) at once
  const MATCHES = 5;
  const CHUNK = 6; // sentences per /suggest request
  const IN_FLIGHT = 3; // requests at once
  const LONG = 200000; // characters of article kept in local storage as well as its sentences

  // ---------------------------------------------------------------- building elements
  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  const ARABIC = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF";
  const isArabic = (lang) => /^ar\b/i.test(lang || "");
  const dirOf = (lang) => (isArabic(lang) ? "rtl" : "ltr");
  const langName = (lang) => (isArabic(lang) ? "Arabic" : /^en\b/i.test(lang) ? "English" : lang);
  const other = (lang) => (isArabic(lang) ? "en" : "ar");

  /** The language most letters of `text` belong to. */
  function detectLang(text) {
    text = text.slice(0, 20000); // enough to tell, cheap on a pasted 1 MB article
    const ar = (text.match(new RegExp(`[${ARABIC}]`, "g")) || []).length;
    const la = (text.match(/[A-Za-z]/g) || []).length;
    return ar > la ? "ar" : "en";
  }

  // Runs that would be misplaced by the bidi algorithm around them: numbers anywhere, Latin
  // names inside Arabic, Arabic names inside Latin text. Each goes into its own <bdi>.
  const NUM = "[0-9\u0660-\u0669\u06F0-\u06F9](?:[0-9\u0660-\u0669\u06F0-\u06F9.,:/%\u066B\u066C-]*[0-9\u0660-\u0669\u06F0-\u06F9%])?";
  const LATIN_RUN = new RegExp(`${NUM}|[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F0-9'’.\\- ]*[A-Za-z\u00C0-\u024F0-9])?`, "g");
  const ARABIC_RUN = new RegExp(`${NUM}|[${ARABIC}](?:[${ARABIC} ]*[${ARABIC}])?`, "g");

  /** `text` as nodes, with numbers and other-script runs isolated. */
  function bidiText(text, lang) {
    const frag = document.createDocumentFragment();
    const re = isArabic(lang) ? LATIN_RUN : ARABIC_RUN;
    re.lastIndex = 0;
    let at = 0;
    for (let m; (m = re.exec(text)); ) {
      if (m.index > at) frag.append(text.slice(at, m.index));
      frag.append(el("bdi", null, m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) frag.append(text.slice(at));
    return frag;
  }

  /** A block holding `text` in language `lang` (dir and lang set), marks applied. */
  function textBlock(tag, cls, text, lang, marks) {
    const e = el(tag, { class: cls, lang, dir: dirOf(lang) });
    e.append(marked(text, lang, marks || []));
    return e;
  }

  /** `text` with the ranges of `marks` ({start, end, tag, cls, title}; UTF-16 indexes). */
  function marked(text, lang, marks) {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const m of [...marks].sort((a, b) => a.start - b.start)) {
      if (m.start < at || m.end > text.length || m.end <= m.start) continue;
      frag.append(bidiText(text.slice(at, m.start), lang));
      frag.append(el(m.tag || "mark", { class: m.cls, title: m.title }, bidiText(text.slice(m.start, m.end), lang)));
      at = m.end;
    }
    frag.append(bidiText(text.slice(at), lang));
    return frag;
  }

  /** A function mapping UTF-8 byte offsets of `text` (as the server counts) to JS indexes. */
  function byteOffsets(text) {
    const map = new Map();
    let b = 0;
    let i = 0;
    for (const ch of text) {
      map.set(b, i);
      const c = ch.codePointAt(0);
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += ch.length;
    }
    map.set(b, i);
    return (x) => (map.has(x) ? map.get(x) : -1);
  }

  function spanMark(text, span, cls, title) {
    const at = byteOffsets(text);
    return { start: at(span.start), end: at(span.end), cls, title };
  }

  // ---------------------------------------------------------------- talking to the server
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  let offline = false;
  let healthTimer = null;

  async function api(method, path, body, token) {
    const headers = {};
    const init = { method, headers, cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (token) headers.Authorization = "Bearer " + token;
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      setOffline(true);
      throw new ApiError(0, "the server does not answer");
    }
    setOffline(false);
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!res.ok) throw new ApiError(res.status, (data && data.error) || `${res.status} ${res.statusText}`);
    return data;
  }

  function setOffline(now) {
    if (now === offline) return;
    offline = now;
    $("offline").hidden = !now;
    clearInterval(healthTimer);
    if (now) healthTimer = setInterval(health, 5000);
  }

  async function health() {
    try {
      const h = await api("GET", "/health");
      $("memory-state").textContent = `memory: ${h.units.toLocaleString("en")} units`;
      $("empty-memory").hidden = h.units > 0;
      if (wasOffline) {
        wasOffline = false;
        if (state.segs.length) fetchSuggestions();
      }
    } catch (e) {
      wasOffline = true;
      $("memory-state").textContent = "server not answering";
    }
  }
  let wasOffline = false;

  /** Sets a status line; `text` is a string or a list of strings and nodes. */
  function say(id, text, isError) {
    const e = $(id);
    e.replaceChildren(...[text].flat(Infinity));
    e.classList.toggle("error", !!isError);
  }

  /** A user's or the memory's text inside a sentence of the page, isolated and quoted. */
  const quoted = (text) => ["“", el("bdi", { text }), "”"];

  // ---------------------------------------------------------------- the token for writes
  let afterToken = null;

  /** Runs `action(token)`, asking for the write token first when this tab has none. */
  function withToken(action) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) return action(token);
    afterToken = action;
    $("token-form").hidden = false;
    $("token-input").focus();
  }

  /** What a refused write means, for the status line. */
  function writeError(e) {
    if (e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      return "The server refused the write token (401); enter it again and retry.";
    }
    if (e.status === 403) return e.message;
    if (e.status === 404 || e.status === 405) return "This server cannot write to the memory (no such route): use a tarjama with the write routes.";
    return e.message;
  }

  // ---------------------------------------------------------------- views
  const VIEWS = ["translate", "review", "lookup"];
  let reviewLoaded = false;

  function setView(name, focusTab) {
    if (!VIEWS.includes(name)) name = "translate";
    for (const v of VIEWS) {
      const tab = $("tab-" + v);
      tab.setAttribute("aria-selected", String(v === name));
      tab.tabIndex = v === name ? 0 : -1;
      $("view-" + v).hidden = v !== name;
    }
    if (focusTab) $("tab-" + name).focus();
    if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    if (name === "review" && !reviewLoaded) loadOrigins();
    if (name === "lookup") $("lookup-input").focus();
  }

  // ---------------------------------------------------------------- translate: state
  /** What survives a reload (kept in localStorage until saved). */
  let state = { article: "", lang: "ar", target: "en", segs: [], page: 0, origin: "", langChosen: false };
  const blocks = new Map(); // segment index -> the /suggest answer (not stored)
  let current = 0;
  let persistTimer = null;

  let savedClean = false; // saved to the memory and not edited since: nothing to keep

  function persist() {
    clearTimeout(persistTimer);
    if (savedClean) return;
    try {
      // A long article is not kept twice: its sentences (in state.segs) give it back.
      const keep = state.article.length > LONG ? Object.assign({}, state, { article: "" }) : state;
      localStorage.setItem(STORE_KEY, JSON.stringify(keep));
    } catch (e) {
      say("translate-status", "This browser refused to keep the draft (storage full): download it as XLIFF or TSV now.", true);
    }
  }

  function persistSoon() {
    savedClean = false;
    clearTimeout(persistTimer);
    persistTimer = setTimeout(persist, 300);
  }

  function restore() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    } catch (e) {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.segs)) return;
    state = Object.assign(state, saved);
    $("source-text").value = state.article || state.segs.map((s) => s.text).join("\n\n");
    $("source-lang").value = isArabic(state.lang) ? "ar" : "en";
    $("save-origin").value = state.origin || "";
    if (state.segs.length) {
      const done = state.segs.filter((s) => s.confirmed).length;
      renderPage();
      say("translate-status", `Draft restored from this browser: ${state.segs.length} segments, ${done} confirmed.`);
    }
  }

  // ---------------------------------------------------------------- translate: segmenting
  async function segmentArticle() {
    const text = $("source-text").value;
    if (!text.trim()) {
      say("translate-status", "Paste an article first: the box is empty.", true);
      return;
    }
    const lang = $("source-lang").value;
    say("translate-status", "Segmenting…");
    timing.start = performance.now();
    timing.shown = null;
    timing.page = null;
    let segs;
    try {
      segs = await api("POST", "/segment", { text, lang });
    } catch (e) {
      say("translate-status", "Could not segment: " + e.message, true);
      return;
    }
    if (!segs.length) {
      say("translate-status", "No sentence found in the text.", true);
      return;
    }
    // Drafts of sentences that are still there are kept.
    const kept = new Map(state.segs.filter((s) => s.draft).map((s) => [s.text, s]));
    state.segs = segs.map((s) => kept.get(s.text) || { text: s.text, draft: "", confirmed: false });
    state.article = text;
    state.lang = lang;
    state.target = other(lang);
    state.page = 0;
    if (!state.origin) {
      state.origin = "desk-" + new Date().toISOString().slice(0, 16).replace(":", "");
      $("save-origin").value = state.origin;
    }
    blocks.clear();
    current = 0;
    persist();
    renderPage();
  }

  function noteLanguage() {
    const text = $("source-text").value;
    if (!text.trim()) {
      $("lang-note").textContent = "";
      return;
    }
    const found = detectLang(text);
    if (!state.langChosen) $("source-lang").value = found;
    $("lang-note").textContent = `detected: ${langName(found)} → ${langName(other($("source-lang").value))}`;
  }

  // ---------------------------------------------------------------- translate: rendering
  function pageRange() {
    const from = state.page * PAGE;
    return [from, Math.min(state.segs.length, from + PAGE)];
  }

  function renderPage() {
    const [from, to] = pageRange();
    const list = $("segments");
    list.replaceChildren();
    for (let i = from; i < to; i++) list.append(segmentItem(i));
    renderPagers();
    progress();
    $("draft-actions").hidden = state.segs.length === 0;
    if (current < from || current >= to) current = from;
    markCurrent();
    fetchSuggestions();
  }

  function renderPagers() {
    const pages = Math.ceil(state.segs.length / PAGE);
    for (const id of ["pager-top", "pager-bottom"]) {
      const p = $(id);
      p.hidden = pages <= 1;
      p.replaceChildren(
        el("button", { type: "button", disabled: state.page === 0, onclick: () => goPage(state.page - 1) }, "← Previous"),
        el("span", null, `Page ${state.page + 1} of ${pages} (segments ${state.page * PAGE + 1}–${Math.min(state.segs.length, (state.page + 1) * PAGE)} of ${state.segs.length})`),
        el("button", { type: "button", disabled: state.page >= pages - 1, onclick: () => goPage(state.page + 1) }, "Next →")
      );
    }
  }

  function goPage(page, focusIndex) {
    const pages = Math.ceil(state.segs.length / PAGE);
    state.page = Math.max(0, Math.min(pages - 1, page));
    persistSoon();
    renderPage();
    const i = focusIndex === undefined ? state.page * PAGE : focusIndex;
    focusDraft(i);
  }

  function progress() {
    const done = state.segs.filter((s) => s.confirmed).length;
    $("draft-progress").textContent = `${done} of ${state.segs.length} segments confirmed`;
  }

  function segmentItem(i) {
    const s = state.segs[i];
    const draft = el("textarea", {
      class: "draft", id: `draft-${i}`, lang: state.target, dir: dirOf(state.target), rows: 3, spellcheck: "true",
      "aria-label": `Draft of segment ${i + 1} (${langName(state.target)})`,
    });
    draft.value = s.draft;
    draft.addEventListener("input", () => {
      s.draft = draft.value;
      persistSoon();
      checkSoon(i);
    });
    const item = el("li", { class: "seg" + (s.confirmed ? " confirmed" : ""), id: `seg-${i}`, "data-i": i },
      el("div", { class: "num" }, `Segment ${i + 1} of ${state.segs.length}`, el("span", { class: "done", text: s.confirmed ? "✓ confirmed" : "" })),
      el("div", { class: "left" },
        textBlock("p", "src", s.text, state.lang),
        el("ul", { class: "terms", "aria-label": "Glossary terms" }),
        el("div", { class: "matches-holder" }, el("p", { class: "nomatch", text: "Looking up matches…" }))),
      el("div", { class: "right" },
        draft,
        el("div", { class: "checked", lang: state.target, dir: dirOf(state.target), hidden: true, "aria-label": "Draft as checked against the glossary" }),
        el("ul", { class: "findings", "aria-live": "polite" }),
        el("div", { class: "row-actions" },
          el("button", { type: "button", onclick: () => confirmSeg(i), title: "Ctrl+Enter" }, "Confirm ✓"),
          el("button", { type: "button", onclick: () => useSource(i) }, "Copy source"))));
    item.addEventListener("focusin", () => {
      current = i;
      markCurrent();
    });
    if (blocks.has(i)) fillMatches(item, i);
    if (s.draft) checkSoon(i);
    return item;
  }

  function markCurrent() {
    for (const li of document.querySelectorAll(".seg.current")) li.classList.remove("current");
    const li = $(`seg-${current}`);
    if (li) li.classList.add("current");
  }

  function band(score) {
    if (score >= 101) return "band-101";
    if (score >= 100) return "band-100";
    if (score >= 95) return "band-95";
    if (score >= 85) return "band-85";
    if (score >= 75) return "band-75";
    return "band-50";
  }

  /** The pretranslate kind when the server gives it, else what the score says. */
  function kindOf(m) {
    if (m.kind) return m.kind;
    if (m.score >= 100) return "exact";
    if (m.score === 99) return "same words";
    return "fuzzy";
  }

  function matchButton(i, k, m) {
    const diffMarks = [];
    for (const d of m.diff || []) {
      if (d.source) {
        const title = d.op === "deleted" ? "not in your sentence" : `your sentence has “${d.query.text}”`;
        diffMarks.push(spanMark(m.source, d.source, d.op === "deleted" ? "diff del" : "diff", title));
      }
    }
    const head = el("span", { class: "head" },
      el("span", { class: "key", text: `Ctrl+${k + 1}`, title: `Ctrl+${k + 1} or Ctrl+Shift+${k + 1}` }),
      el("span", { class: "score " + band(m.score), text: String(m.score) }),
      el("span", { class: "kind", text: kindOf(m) }),
      el("span", { text: m.status || "" }),
      m.origin ? el("bdi", { text: m.origin }) : null);
    const body = [head, textBlock("span", "msrc", m.source, m.source_lang || state.lang, diffMarks), textBlock("span", "mtgt", m.target, m.target_lang || state.target)];
    if (Array.isArray(m.substitutions) && m.substitutions.length) {
      body.push(el("ul", { class: "subs" }, ...m.substitutions.map((s) =>
        el("li", null, "replaced ", el("bdi", { text: s.from }), " → ", el("bdi", { text: s.to }), s.what ? ` (${s.what})` : ""))));
    }
    return el("li", null, el("button", {
      type: "button", class: "match", "data-k": k, onclick: () => pick(i, k),
      "aria-label": `Use match ${k + 1}, score ${m.score}`,
    }, ...body));
  }

  function fillMatches(item, i) {
    const b = blocks.get(i);
    const terms = item.querySelector(".terms");
    terms.replaceChildren(...(b.terms || []).map((t) => {
      const li = el("li", { class: t.status === "forbidden" ? "forbidden" : "", title: [t.type, t.note].filter(Boolean).join(" — ") },
        el("bdi", { lang: t.lang, text: t.found }), " → ", el("bdi", { lang: other(t.lang), text: t.translation || "(no translation)" }));
      if (t.status === "forbidden" && t.preferred) li.append(" — write ", el("bdi", { text: t.preferred }));
      return li;
    }));
    const holder = item.querySelector(".matches-holder");
    const matches = (b.matches || []).slice(0, MATCHES);
    // The words of the sentence the best match does not have (inserted or replaced).
    if (matches.length) {
      const text = state.segs[i].text;
      const marks = (matches[0].diff || []).filter((d) => d.query).map((d) =>
        spanMark(text, d.query, "diff", d.source ? `the best match has “${d.source.text}”` : "not in the best match"));
      item.querySelector(".src").replaceWith(textBlock("p", "src", text, state.lang, marks));
    }
    if (matches.length) {
      holder.replaceChildren(el("ol", { class: "matches", "aria-label": "Matches from the memory" }, ...matches.map((m, k) => matchButton(i, k, m))));
    } else if (Array.isArray(b.fragments) && b.fragments.length) {
      holder.replaceChildren(el("p", { class: "nomatch", text: "No whole match; parts found in the memory:" }),
        el("ul", { class: "frags" }, ...b.fragments.map((f) =>
          el("li", null, el("bdi", { lang: state.lang, text: f.text }), " → ", el("bdi", { lang: state.target, text: f.translation || "?" }), ` (${f.words} words)`))));
    } else {
      holder.replaceChildren(el("p", { class: "nomatch", text: "No match of 70 or more in the memory." }));
    }
    // The server stopped looking for parts of this sentence at its work limit.
    if (!matches.length && b.fragments_cut_short) {
      holder.append(el("p", { class: "nomatch cut", text: "The search for parts stopped early (the sentence's words are very common in this memory); parts further on were not looked for." }));
    }
  }

  let suggestRound = 0;
  /** Milliseconds from "segment" to the first suggestions shown and to the whole page's
   * (read by the tests). */
  const timing = { start: null, shown: null, page: null };

  /** Suggestions for the segments of the current page, in chunks of a few sentences asked
   * side by side (the server answers each on its own thread), each shown as it comes. A
   * chunk the server cut differently is asked again sentence by sentence. */
  async function fetchSuggestions() {
    const [from, to] = pageRange();
    const round = ++suggestRound;
    const wanted = [];
    for (let i = from; i < to; i++) if (!blocks.has(i)) wanted.push(i);
    if (!wanted.length) return;
    const chunks = [];
    for (let k = 0; k < wanted.length; k += CHUNK) chunks.push(wanted.slice(k, k + CHUNK));
    // Fragments: the runs of words the memory knows, shown when nothing matches whole.
    const ask = { from: state.lang, to: state.target, top: MATCHES, fragments: true };
    say("translate-status", `Looking up ${wanted.length} segments…`);
    let failure = null;
    const one = async (indexes) => {
      const texts = indexes.map((i) => state.segs[i].text);
      let answer = await api("POST", "/suggest", Object.assign({ text: texts.join("\n\n"), segment: true }, ask));
      if (answer.length !== texts.length || answer.some((b, k) => b.query !== texts[k])) {
        answer = [];
        for (const t of texts) answer.push((await api("POST", "/suggest", Object.assign({ text: t }, ask)))[0]);
      }
      if (round !== suggestRound) return;
      if (timing.start !== null && timing.shown === null) timing.shown = performance.now() - timing.start;
      indexes.forEach((i, k) => {
        blocks.set(i, answer[k]);
        const item = $(`seg-${i}`);
        if (item) fillMatches(item, i);
      });
    };
    let next = 0;
    const worker = async () => {
      while (next < chunks.length && round === suggestRound) {
        const chunk = chunks[next++];
        try {
          await one(chunk);
        } catch (e) {
          failure = e;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (round !== suggestRound) return;
    if (timing.start !== null && timing.page === null) timing.page = performance.now() - timing.start;
    if (failure) {
      say("translate-status", "Suggestions unavailable: " + failure.message + ". Your draft is kept.", true);
      for (const h of document.querySelectorAll(".matches-holder .nomatch")) {
        if (!blocks.has(Number(h.closest(".seg").dataset.i))) h.textContent = "Suggestions unavailable.";
      }
      return;
    }
    const withMatch = [...Array(to - from).keys()].filter((k) => (blocks.get(from + k).matches || []).length).length;
    say("translate-status", `${state.segs.length} segments; ${withMatch} of the ${to - from} shown have matches. Pick one with Ctrl+1…5, edit, Ctrl+Enter to confirm.`);
  }

  // ---------------------------------------------------------------- translate: editing
  function focusDraft(i) {
    const d = $(`draft-${i}`);
    if (d) {
      d.focus();
      d.scrollIntoView({ block: "nearest" });
    }
  }

  function setDraft(i, text) {
    state.segs[i].draft = text;
    const d = $(`draft-${i}`);
    if (d) {
      d.value = text;
      d.focus();
    }
    persistSoon();
    check(i);
  }

  function pick(i, k) {
    const b = blocks.get(i);
    const m = b && (b.matches || [])[k];
    if (!m) {
      say("translate-status", `Segment ${i + 1} has no match ${k + 1}.`, true);
      return;
    }
    setDraft(i, m.target);
  }

  function useSource(i) {
    setDraft(i, state.segs[i].text);
  }

  function confirmSeg(i) {
    const s = state.segs[i];
    if (!s.draft.trim()) {
      say("translate-status", `Segment ${i + 1} has no draft yet: pick a match (Ctrl+1…5) or type one.`, true);
      focusDraft(i);
      return;
    }
    s.confirmed = true;
    savedClean = false;
    const item = $(`seg-${i}`);
    if (item) {
      item.classList.add("confirmed");
      item.querySelector(".done").textContent = "✓ confirmed";
    }
    persist();
    progress();
    moveTo(i + 1);
  }

  function moveTo(i) {
    if (i < 0 || i >= state.segs.length) return;
    const [from, to] = pageRange();
    if (i >= to || i < from) goPage(Math.floor(i / PAGE), i);
    else focusDraft(i);
  }

  // ---------------------------------------------------------------- translate: checking
  const checkTimers = new Map();

  function checkSoon(i) {
    clearTimeout(checkTimers.get(i));
    checkTimers.set(i, setTimeout(() => check(i), 350));
  }

  async function check(i) {
    clearTimeout(checkTimers.get(i));
    const s = state.segs[i];
    const text = s.draft;
    let report = { findings: [], missing: [] };
    if (text.trim()) {
      try {
        report = await api("POST", "/check", { text, source: s.text });
      } catch (e) {
        if (e.status !== 400) return; // the server is away: the banner says so
        try {
          report = await api("POST", "/check", { text });
        } catch (e2) {
          return;
        }
      }
    }
    if (s.draft !== text) return; // typed on meanwhile; a newer check follows
    const item = $(`seg-${i}`);
    if (item) showCheck(item, text, report);
  }

  function showCheck(item, text, report) {
    const lines = text.split("\n");
    const lineStart = [];
    let at = 0;
    for (const l of lines) {
      lineStart.push(at);
      at += l.length + 1;
    }
    const marks = [];
    const list = [];
    for (const f of report.findings || []) {
      const line = lines[f.line - 1];
      if (line === undefined) continue;
      const map = byteOffsets(line);
      const [start, end] = [map(f.start), map(f.end)];
      const title = (f.suggestion ? `Write “${f.suggestion}”. ` : "") + `${f.message} (${f.entry})`;
      if (start >= 0 && end > start) marks.push({ tag: "span", start: lineStart[f.line - 1] + start, end: lineStart[f.line - 1] + end, cls: `flag ${f.severity} ${f.kind}`, title });
      list.push(el("li", { class: f.severity },
        el("bdi", { text: f.found }), f.suggestion ? [" → write ", el("bdi", { text: f.suggestion })] : "", ` (${f.kind})`));
    }
    for (const f of report.missing || []) {
      const names = (f.entry || "").split(" / ");
      const wanted = isArabic(state.target) ? names[1] : names[0];
      list.push(el("li", { class: "error" }, "missing term: ", el("bdi", { text: wanted || f.entry }), " for ", el("bdi", { text: f.found })));
    }
    const checked = item.querySelector(".checked");
    checked.hidden = marks.length === 0;
    checked.replaceChildren(marked(text, state.target, marks));
    item.querySelector(".findings").replaceChildren(...list.flat());
  }

  // ---------------------------------------------------------------- translate: files out
  function xmlEscape(s) {
    return s
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /** The draft as XLIFF 1.2: confirmed targets "translated", others "needs-review-translation". */
  function xliff() {
    const units = state.segs.map((s, k) => {
      const target = s.draft.trim()
        ? `\n      <target state="${s.confirmed ? "translated" : "needs-review-translation"}">${xmlEscape(s.draft)}</target>`
        : "";
      return `    <trans-unit id="${k + 1}">\n      <source>${xmlEscape(s.text)}</source>${target}\n    </trans-unit>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="${xmlEscape(originName())}" source-language="${xmlEscape(state.lang)}" target-language="${xmlEscape(state.target)}" datatype="plaintext">
  <body>
${units.join("\n")}
  </body>
  </file>
</xliff>
`;
  }

  /** The draft as TSV with a language header (`tarjama import` reads it back). */
  function tsv() {
    const cell = (t) => t.replace(/[\t\r\n]+/g, " ");
    const rows = state.segs.filter((s) => s.draft.trim()).map((s) => `${cell(s.text)}\t${cell(s.draft)}`);
    return `${state.lang}\t${state.target}\n${rows.join("\n")}\n`;
  }

  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function originName() {
    return $("save-origin").value.trim() || state.origin || "desk";
  }

  function fileBase() {
    return originName().replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "draft";
  }

  function save() {
    const pairs = state.segs.filter((s) => s.confirmed && s.draft.trim());
    if (!pairs.length) {
      say("translate-status", "Nothing to save yet: confirm segments first (Ctrl+Enter).", true);
      return;
    }
    const origin = originName();
    state.origin = origin;
    withToken(async (token) => {
      const units = pairs.map((s) => ({ [state.lang]: s.text, [state.target]: s.draft, origin, status: "unreviewed" }));
      say("translate-status", `Saving ${units.length} pairs…`);
      try {
        const summary = await api("POST", "/units", units, token);
        const added = summary && summary.added !== undefined ? `${summary.added} added, ${summary.merged || 0} merged` : "stored";
        say("translate-status", [`Saved ${units.length} confirmed pairs to the memory as `, quoted(origin), ` (${added}).`]);
        localStorage.removeItem(STORE_KEY);
        savedClean = true;
      } catch (e) {
        say("translate-status", "Not saved: " + writeError(e) + " The draft stays in this browser.", true);
      }
    });
  }

  // ---------------------------------------------------------------- review
  function colour(c) {
    const hue = Math.round(Math.max(0, Math.min(1, c)) * 120);
    return `hsl(${hue},70%,88%)`;
  }

  async function loadOrigins() {
    reviewLoaded = true;
    const select = $("origin-select");
    const keep = select.value;
    let origins;
    try {
      origins = await api("GET", "/origins");
    } catch (e) {
      say("review-status", "Could not list the articles: " + e.message, true);
      reviewLoaded = false;
      return;
    }
    select.replaceChildren(...origins.map((o) => {
      const conf = o.mean_confidence === null ? "" : `, confidence ${o.mean_confidence.toFixed(2)}`;
      return el("option", { value: o.origin }, `${o.origin} — ${o.reviewed}/${o.units} reviewed${conf}`);
    }));
    if (!origins.length) {
      say("review-status", "No article in the memory yet: align one with `tarjama align AR_FILE EN_FILE --origin NAME`.");
      $("pairs").tBodies[0].replaceChildren();
      return;
    }
    const aligned = origins.find((o) => o.mean_confidence !== null);
    select.value = origins.some((o) => o.origin === keep) ? keep : (aligned || origins[0]).origin;
    loadOrigin(select.value);
  }

  async function loadOrigin(origin) {
    say("review-status", "Loading…");
    let answer;
    try {
      answer = await api("GET", "/origins/" + encodeURIComponent(origin));
    } catch (e) {
      say("review-status", ["Could not load ", quoted(origin), ": " + e.message], true);
      return;
    }
    renderPairs(answer.origin, answer.pairs);
  }

  function renderPairs(origin, pairs) {
    const body = $("pairs").tBodies[0];
    const rows = [];
    let prev = -1;
    if (pairs.length) {
      $("pairs-src-h").textContent = langName(pairs[0].source_lang);
      $("pairs-tgt-h").textContent = langName(pairs[0].target_lang);
    }
    for (const p of pairs) {
      if (p.position !== null && p.position > prev + 1 && prev >= 0) {
        const gap = p.position - prev - 1;
        rows.push(el("tr", null, el("td", { class: "omit", colspan: 4, text: `— ${gap} place${gap > 1 ? "s" : ""} without a stored pair (omitted or held back) —` })));
      }
      if (p.position !== null) prev = p.position;
      rows.push(pairRow(origin, p));
    }
    body.replaceChildren(...rows);
    const reviewed = pairs.filter((p) => p.status === "reviewed").length;
    say("review-status", [quoted(origin), `: ${pairs.length} pairs, ${reviewed} reviewed.`]);
  }

  function pairRow(origin, p) {
    const merge = p.shape !== "1-1";
    const row = el("tr", null,
      el("td", null, String(p.position === null ? p.id : p.position + 1), el("br"), el("span", { class: merge ? "badge merge" : "badge", text: p.shape })),
      textBlock("td", "", p.source, p.source_lang),
      textBlock("td", "", p.target, p.target_lang),
      el("td", null,
        p.confidence === null ? "—" : p.confidence.toFixed(2), " ",
        p.status === "reviewed" ? el("span", { class: "badge reviewed", text: "reviewed" }) : "",
        el("div", { class: "ctl" },
          el("button", { type: "button", onclick: () => unitWrite(origin, "POST", `/units/${p.id}/${p.status === "reviewed" ? "unreview" : "review"}`, {}) }, p.status === "reviewed" ? "Unreview" : "Reviewed"),
          el("button", { type: "button", onclick: () => editRow(origin, p, row) }, "Edit"),
          el("button", { type: "button", onclick: (ev) => deleteRow(origin, p, ev.currentTarget) }, "Delete"))));
    row.style.background = colour(p.confidence === null ? 1 : p.confidence);
    return row;
  }

  function editRow(origin, p, row) {
    const src = el("textarea", { class: "edit", lang: p.source_lang, dir: dirOf(p.source_lang), "aria-label": "Source text" });
    const tgt = el("textarea", { class: "edit", lang: p.target_lang, dir: dirOf(p.target_lang), "aria-label": "Target text" });
    src.value = p.source;
    tgt.value = p.target;
    row.cells[1].replaceChildren(src);
    row.cells[2].replaceChildren(tgt);
    row.cells[3].querySelector(".ctl").replaceChildren(
      el("button", { type: "button", class: "primary", onclick: () => unitWrite(origin, "PATCH", `/units/${p.id}`, { source: src.value, target: tgt.value }) }, "Save"),
      el("button", { type: "button", onclick: () => loadOrigin(origin) }, "Cancel"));
    tgt.focus();
  }

  function deleteRow(origin, p, button) {
    if (button.dataset.armed) {
      unitWrite(origin, "DELETE", `/units/${p.id}`);
      return;
    }
    button.dataset.armed = "1";
    button.textContent = "Delete: sure?";
  }

  function unitWrite(origin, method, path, body) {
    withToken(async (token) => {
      try {
        await api(method, path, body, token);
        await loadOrigin(origin);
        loadOriginsQuietly();
      } catch (e) {
        say("review-status", "Not changed: " + writeError(e), true);
      }
    });
  }

  function loadOriginsQuietly() {
    const select = $("origin-select");
    api("GET", "/origins").then((origins) => {
      for (const o of origins) {
        const opt = [...select.options].find((x) => x.value === o.origin);
        if (opt) opt.textContent = `${o.origin} — ${o.reviewed}/${o.units} reviewed${o.mean_confidence === null ? "" : `, confidence ${o.mean_confidence.toFixed(2)}`}`;
      }
    }).catch(() => {});
  }

  // ---------------------------------------------------------------- look up
  async function lookup(q) {
    q = q.trim();
    if (!q) {
      say("lookup-status", "Type a word, a phrase or a name.", true);
      return;
    }
    say("lookup-status", "Looking up…");
    const [gl, conc] = await Promise.allSettled([
      api("GET", "/glossary?q=" + encodeURIComponent(q)),
      api("POST", "/concordance", { phrase: q, limit: 50 }),
    ]);
    const entries = gl.status === "fulfilled" ? gl.value.entries : [];
    const hits = conc.status === "fulfilled" ? conc.value : [];
    $("glossary-results").replaceChildren(...entries.map(entryCard));
    const body = $("conc").tBodies[0];
    body.replaceChildren(...hits.map((h) => el("tr", null,
      el("td", { text: String(h.id) }),
      (() => {
        const td = textBlock("td", "", h.text, h.lang, h.hits.map((s) => spanMark(h.text, s, "hit")));
        if (h.origin) td.append(el("span", { class: "hint s", dir: "ltr" }, el("bdi", { text: h.origin })));
        return td;
      })(),
      textBlock("td", "", h.other_text, h.other_lang))));
    $("conc").hidden = hits.length === 0;
    $("conc-heading").hidden = hits.length === 0;
    const failed = [gl, conc].filter((r) => r.status === "rejected").map((r) => r.reason.message);
    const counts = `${entries.length} glossary entr${entries.length === 1 ? "y" : "ies"}, ${hits.length} unit${hits.length === 1 ? "" : "s"} in the memory`;
    say("lookup-status", failed.length ? `${counts}. ${failed.join("; ")}` : [quoted(q), `: ${counts}.`], failed.length && !entries.length && !hits.length);
  }

  function formsRow(label, lang, forms) {
    const allowed = [];
    if (forms.preferred) allowed.push(el("strong", { lang, title: "preferred", text: forms.preferred }));
    for (const f of forms.admitted || []) allowed.push(el("span", { lang, title: "admitted", text: f }));
    for (const f of forms.short || []) allowed.push(el("span", { lang, title: "short form, after the full form", text: f }));
    const forbidden = (forms.forbidden || []).map((f) => el("span", { lang, class: "forbidden", title: "forbidden", text: f }));
    const rows = [];
    if (allowed.length) rows.push(el("dt", { text: label }), el("dd", { class: "forms", dir: dirOf(lang) }, ...allowed));
    if (forbidden.length) rows.push(el("dt", { text: `${label}: never` }), el("dd", { class: "forms", dir: dirOf(lang) }, ...forbidden));
    return rows;
  }

  function entryCard(e) {
    return el("article", { class: "entry" },
      el("h3", null, el("span", { class: "badge", text: e.type }), el("bdi", { lang: "en", text: e.en.preferred || "" }), el("bdi", { lang: "ar", dir: "rtl", text: e.ar.preferred || "" })),
      el("dl", null, ...formsRow("English", "en", e.en), ...formsRow("Arabic", "ar", e.ar)),
      e.note ? el("p", { class: "note", text: e.note }) : null,
      e.source ? el("p", { class: "note hint", text: "Source: " + e.source }) : null);
  }

  // ---------------------------------------------------------------- keys and wiring
  function onKey(ev) {
    const inTranslate = !$("view-translate").hidden;
    const digit = /^Digit([1-5])$/.exec(ev.code || "") || /^([1-5])$/.exec(ev.key || "");
    if (inTranslate && digit && (ev.ctrlKey || ev.altKey) && state.segs.length) {
      ev.preventDefault();
      pick(current, Number(digit[1]) - 1);
      return;
    }
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      if (ev.target === $("source-text")) {
        ev.preventDefault();
        segmentArticle();
      } else if (inTranslate && state.segs.length && ev.target.closest && ev.target.closest(".seg")) {
        ev.preventDefault();
        confirmSeg(current);
      }
      return;
    }
    if (inTranslate && ev.altKey && (ev.key === "ArrowDown" || ev.key === "ArrowUp") && state.segs.length) {
      ev.preventDefault();
      moveTo(current + (ev.key === "ArrowDown" ? 1 : -1));
    }
  }

  function onTabKey(ev) {
    const at = VIEWS.indexOf(ev.currentTarget.dataset.view);
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      ev.preventDefault();
      setView(VIEWS[(at + (ev.key === "ArrowRight" ? 1 : VIEWS.length - 1)) % VIEWS.length], true);
    }
  }

  function init() {
    for (const v of VIEWS) {
      const tab = $("tab-" + v);
      tab.addEventListener("click", () => setView(v, true));
      tab.addEventListener("keydown", onTabKey);
    }
    document.addEventListener("keydown", onKey);
    const source = $("source-text");
    source.addEventListener("input", noteLanguage);
    source.addEventListener("paste", () => setTimeout(() => {
      noteLanguage();
      segmentArticle();
    }, 0));
    $("source-lang").addEventListener("change", () => {
      state.langChosen = true;
      noteLanguage();
      if (state.segs.length) segmentArticle();
    });
    $("source-file").addEventListener("change", async (ev) => {
      const file = ev.target.files[0];
      if (!file) return;
      source.value = await file.text();
      noteLanguage();
      segmentArticle();
    });
    $("segment-btn").addEventListener("click", segmentArticle);
    $("clear-btn").addEventListener("click", () => {
      state = { article: "", lang: $("source-lang").value, target: other($("source-lang").value), segs: [], page: 0, origin: "", langChosen: false };
      blocks.clear();
      source.value = "";
      $("save-origin").value = "";
      localStorage.removeItem(STORE_KEY);
      renderPage();
      say("translate-status", "Ready for a new article.");
      source.focus();
    });
    $("save-origin").addEventListener("input", () => {
      state.origin = $("save-origin").value;
      persistSoon();
    });
    $("download-xliff").addEventListener("click", () => download(fileBase() + ".xlf", xliff(), "application/xliff+xml"));
    $("download-tsv").addEventListener("click", () => download(fileBase() + ".tsv", tsv(), "text/tab-separated-values"));
    $("save-btn").addEventListener("click", save);
    $("token-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const token = $("token-input").value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      $("token-input").value = "";
      $("token-form").hidden = true;
      const action = afterToken;
      afterToken = null;
      if (action) action(token);
    });
    $("token-cancel").addEventListener("click", () => {
      afterToken = null;
      $("token-form").hidden = true;
    });
    $("retry").addEventListener("click", health);
    $("origin-select").addEventListener("change", (ev) => loadOrigin(ev.target.value));
    $("origins-reload").addEventListener("click", loadOrigins);
    $("article-reviewed").addEventListener("click", () => {
      const origin = $("origin-select").value;
      if (origin) unitWrite(origin, "POST", `/origins/${encodeURIComponent(origin)}/review`, {});
    });
    $("lookup-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      lookup($("lookup-input").value);
    });
    for (const sw of document.querySelectorAll(".legend .sw")) sw.style.background = colour(Number(sw.dataset.c));
    window.addEventListener("beforeunload", persist);
    window.addEventListener("hashchange", () => setView(location.hash.slice(1)));
    // For scripts and tests: the files the download buttons give.
    window.tarjamaDesk = { xliff, tsv, timing };
    restore();
    setView(location.hash.slice(1));
    health();
  }

  init();
})();
