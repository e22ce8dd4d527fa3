"use strict";
// The mapping editor's building blocks: DOM helpers, live validation of the editor text, the error list
// (click an error to select the offending part of the document) and the preview panel. No framework.
// Loaded before app.js, which signs in, loads and saves documents, and wires these pieces together.
window.CrmsyncEditor = (() => {
  const DEBOUNCE_MS = 300;
  const PASTE = "__paste__";

  // ---- small helpers -------------------------------------------------------------------------------

  // el("li", {class: "x", dataset: {testid: "y"}, onclick: fn}, "text", child…)
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
    return node;
  }

  function fmtTime(ms) {
    if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
    return new Date(ms).toISOString().slice(0, 19).replace("T", " ") + " UTC";
  }

  // Event timestamps may come as epoch seconds, epoch milliseconds or an ISO string.
  function fmtEventTime(ts) {
    if (typeof ts === "number") return fmtTime(ts < 1e12 ? ts * 1000 : ts);
    if (typeof ts === "string" && /^\d+$/.test(ts)) return fmtEventTime(Number(ts));
    return ts ? String(ts) : "";
  }

  function truncate(text, max) {
    const s = String(text ?? "").replace(/\s+/g, " ").trim();
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
  }

  // ---- locating an error in the text ---------------------------------------------------------------

  function pointerTokens(pointer) {
    if (!pointer) return [];
    return pointer.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  }

  // The text range of the value at `pointer`, or of its deepest existing ancestor (a missing field points
  // at its parent): {start, end, depth}. null when the text is not JSON.
  function locatePointer(text, pointer) {
    const target = pointerTokens(pointer);
    let i = 0;
    let best = null;
    const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
    const expect = (c) => { ws(); if (text[i] !== c) throw new Error("json"); i++; };
    function string() {
      const start = i;
      if (text[i] !== '"') throw new Error("json");
      for (i++; i < text.length && text[i] !== '"'; i += text[i] === "\\" ? 2 : 1);
      i++;
      return JSON.parse(text.slice(start, i));
    }
    function container(close, onTarget, depth, readKey) {
      ws();
      if (text[i] === close) { i++; return; }
      for (let index = 0; ; index++) {
        const key = readKey(index);
        value(onTarget && depth < target.length && key === target[depth], depth + 1);
        ws();
        if (text[i] === close) { i++; return; }
        expect(",");
      }
    }
    function value(onTarget, depth) {
      ws();
      const start = i;
      const c = text[i];
      if (c === "{") { i++; container("}", onTarget, depth, () => { ws(); const k = string(); expect(":"); return k; }); }
      else if (c === "[") { i++; container("]", onTarget, depth, (index) => String(index)); }
      else if (c === '"') string();
      else { while (i < text.length && !/[\s,\]}]/.test(text[i])) i++; if (i === start) throw new Error("json"); }
      if (onTarget && (!best || depth > best.depth)) best = { start, end: i, depth };
    }
    try { value(true, 0); return best; } catch { return null; }
  }

  function offsetOf(text, line, column) {
    let offset = 0;
    for (let l = 1; l < line; l++) {
      const next = text.indexOf("\n", offset);
      if (next < 0) return text.length;
      offset = next + 1;
    }
    return Math.min(text.length, offset + Math.max(0, column - 1));
  }

  // Offset in a raw JSON string literal (quotes included) of its decoded character number `index`.
  function rawOffset(raw, index) {
    let i = 1;
    for (let n = 0; n < index && i < raw.length - 1; n++) i += raw[i] !== "\\" ? 1 : raw[i + 1] === "u" ? 6 : 2;
    return i;
  }

  // A template error's line/column are inside the template: select from there to the end of the tag.
  function templateRange(raw, error, base) {
    const decoded = JSON.parse(raw);
    const from = offsetOf(decoded, error.line, error.column || 1);
    const close = decoded.indexOf("}}", from);
    const to = close >= 0 ? close + 2 : Math.min(decoded.length, from + 1);
    return { start: base + rawOffset(raw, from), end: base + rawOffset(raw, to) };
  }

  // The text range an error is about: its pointer's value (narrowed to the line/column inside a
  // template), else the line/column in the file (JSON syntax errors). null when neither is known.
  function errorRange(text, error) {
    const range = locatePointer(text, error.pointer);
    if (range && range.depth > 0) {
      const raw = text.slice(range.start, range.end);
      return error.line > 0 && raw.startsWith('"') ? templateRange(raw, error, range.start) : range;
    }
    if (!(error.line > 0)) return null;
    const at = offsetOf(text, error.line, error.column || 1);
    return { start: at, end: at };
  }

  function charWidth(font) {
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = font;
    return ctx.measureText("0").width || 8;
  }

  function scrollToOffset(textarea, offset) {
    const before = textarea.value.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n") - 1;
    const style = getComputedStyle(textarea);
    textarea.scrollTop = Math.max(0, (line - 3) * (parseFloat(style.lineHeight) || 18));
    textarea.scrollLeft = Math.max(0, column * charWidth(style.font) - textarea.clientWidth / 3);
  }

  // Selects what `error` is about in the textarea and scrolls it into view.
  function reveal(textarea, error) {
    const range = errorRange(textarea.value, error);
    if (!range) return;
    textarea.focus();
    textarea.setSelectionRange(range.start, range.end);
    scrollToOffset(textarea, range.start);
  }

  // ---- error list ----------------------------------------------------------------------------------

  // A long JSON pointer wraps after its slashes rather than inside a name.
  function breakable(pointer) {
    return pointer.split("/").flatMap((part, i) => (i === 0 ? [part] : [el("wbr"), "/" + part]));
  }

  function errorItem(error, onPick) {
    const where = error.line > 0 ? `line ${error.line}, column ${error.column}` : "";
    return el("li", { class: "error-item", dataset: { testid: "error-item" } },
      el("button", { type: "button", class: "error-jump", title: "Show in the editor", onclick: () => onPick(error) },
        el("code", { class: "pointer", dataset: { testid: "error-pointer" } }, ...breakable(error.pointer || "/")),
        el("span", { class: "message", dataset: { testid: "error-message" } }, error.message || "invalid"),
        where && el("span", { class: "where muted", dataset: { testid: "error-position" } }, `(${where})`)));
  }

  function renderErrors(list, errors, onPick) {
    list.replaceChildren(...errors.map((e) => errorItem(e, onPick)));
  }

  // ---- live validation -----------------------------------------------------------------------------

  // Validates the editor text 300 ms after the last keystroke; only the newest answer counts.
  // state: "idle" (nothing loaded) | "checking" | "valid" | "invalid" | "failed" (could not ask).
  function createValidator({ api, textarea, errorList, statusEl, getConnector, onChange }) {
    let timer = null;
    let seq = 0;
    let state = "idle";
    const pick = (error) => reveal(textarea, error);

    function setState(next, note) {
      state = next;
      textarea.setAttribute("aria-invalid", String(next === "invalid"));
      textarea.classList.toggle("invalid", next === "invalid");
      statusEl.textContent = note;
      statusEl.dataset.state = next;
      onChange(next);
    }

    function showErrors(errors) {
      renderErrors(errorList, errors, pick);
      const n = errors.length;
      if (n) setState("invalid", `${n} problem${n === 1 ? "" : "s"}: not saveable`);
      else setState("valid", "No problems");
    }

    async function checkNow() {
      clearTimeout(timer);
      const mine = ++seq;
      const connector = getConnector();
      if (!connector) return;
      setState("checking", "Checking…");
      try {
        const { data } = await api("POST", "/api/v1/mappings/validate", { connector, text: textarea.value });
        if (mine !== seq) return;  // typed again meanwhile: a newer check is on its way
        showErrors(data.ok ? [] : (data.errors || [{ pointer: "", message: "invalid document" }]));
      } catch (err) {
        if (mine !== seq) return;
        renderErrors(errorList, [], pick);
        setState("failed", `Could not check the document: ${err.message}`);
      }
    }

    function schedule() {
      clearTimeout(timer);
      seq++;  // an answer for older text must not mark the new text valid
      setState("checking", "Checking…");
      timer = setTimeout(checkNow, DEBOUNCE_MS);
    }

    function reset() {
      clearTimeout(timer);
      seq++;
      renderErrors(errorList, [], pick);
      setState("idle", "");
    }

    return { schedule, checkNow, reset, showErrors, state: () => state, pick };
  }

  // ---- preview -------------------------------------------------------------------------------------

  function eventLabel(e) {
    const what = e.kind === "status" ? `status ${e.status || e.type || ""}` : `${e.direction || ""} ${e.type || e.kind || ""}`;
    const text = e.text ? ` · “${truncate(e.text, 40)}”` : "";
    return `${fmtEventTime(e.timestamp)} · ${what.trim()}${text} · ${e.provider_id}`;
  }

  function requestView(req, index) {
    const body = typeof req.body === "string" ? req.body : JSON.stringify(req.body ?? null, null, 2);
    return el("article", { class: "request", dataset: { testid: "preview-request" } },
      el("h3", {}, `Request ${index + 1}: `,
        el("code", { dataset: { testid: "preview-method" } }, req.method || ""), " ",
        el("code", { dataset: { testid: "preview-path" } }, req.path || "")),
      el("pre", { class: "json", dataset: { testid: "preview-body" } }, body));
  }

  function createPreview({ api, nodes, getConnector, getText, onPickError }) {
    const { select, pasteWrap, pasteArea, button, errors, output } = nodes;

    function syncControls() {
      pasteWrap.hidden = select.value !== PASTE;
      button.disabled = !getConnector() || !select.value;
    }

    async function loadEvents() {
      const previous = select.value;
      const { data } = await api("GET", "/api/v1/events?limit=20");
      const events = data.events || [];
      select.replaceChildren(
        ...events.map((e) => el("option", { value: e.provider_id }, eventLabel(e))),
        el("option", { value: PASTE }, "Paste an event JSON…"));
      if (!events.length) select.prepend(el("option", { value: "", disabled: true }, "No events received yet"));
      if ([...select.options].some((o) => o.value === previous && previous)) select.value = previous;
      else select.value = events.length ? events[0].provider_id : PASTE;
      syncControls();
    }

    function requestBody() {
      const body = { connector: getConnector(), text: getText() };
      if (select.value !== PASTE) return { ...body, provider_id: select.value };
      try {
        return { ...body, event: JSON.parse(pasteArea.value) };
      } catch (err) {
        throw new Error(`The pasted event is not JSON: ${err.message}`);
      }
    }

    async function run() {
      output.replaceChildren();
      renderErrors(errors, [], onPickError);
      button.disabled = true;
      try {
        const { data } = await api("POST", "/api/v1/mappings/preview", requestBody());
        if (data.ok === false) {
          renderErrors(errors, data.errors || [], onPickError);
          output.append(el("p", { class: "error-text", dataset: { testid: "preview-message" } },
            "No preview: fix the problems first."));
          return;
        }
        const requests = data.requests || [];
        output.append(el("p", { class: "muted", dataset: { testid: "preview-message" } },
          requests.length ? `${requests.length} request${requests.length === 1 ? "" : "s"} would be sent:`
            : "This mapping sends nothing for this event."), ...requests.map(requestView));
      } catch (err) {
        if (err.status === 401) return;
        output.append(el("p", { class: "error-text", role: "alert", dataset: { testid: "preview-message" } }, err.message));
      } finally {
        syncControls();
      }
    }

    select.addEventListener("change", syncControls);
    button.addEventListener("click", run);
    return { loadEvents, run, syncControls, clear: () => { output.replaceChildren(); errors.replaceChildren(); } };
  }

  // A diff with added/removed lines marked for colour (and for screen readers, by their +/-). Long runs
  // of unchanged lines are folded to a marker, keeping DIFF_CONTEXT lines around each change.
  const DIFF_CONTEXT = 3;
  function diffKind(line) {
    if (/^(\+\+\+ |--- )/.test(line)) return "file";
    if (line.startsWith("@@")) return "hunk";
    return line[0] === "+" ? "add" : line[0] === "-" ? "del" : "";
  }

  function diffView(diff, testid) {
    const lines = (diff || "(no changes)").replace(/\n$/, "").split("\n");
    const kinds = lines.map(diffKind);
    const changed = kinds.map((k, i) => (k ? i : -1)).filter((i) => i >= 0);
    const near = (i) => !changed.length || changed.some((c) => Math.abs(c - i) <= DIFF_CONTEXT);
    const out = [];
    for (let i = 0; i < lines.length; i++) {
      if (near(i)) {
        out.push(el("span", { class: kinds[i] ? `diff-${kinds[i]}` : null }, lines[i] + "\n"));
        continue;
      }
      let j = i;
      while (j < lines.length && !near(j)) j++;
      out.push(el("span", { class: "diff-fold" }, `⋯ ${j - i} unchanged line${j - i === 1 ? "" : "s"}\n`));
      i = j - 1;
    }
    return el("pre", { class: "diff", dataset: { testid } }, ...out);
  }

  return { el, fmtTime, diffView, locatePointer, createValidator, createPreview };
})();
