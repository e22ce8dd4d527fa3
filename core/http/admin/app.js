"use strict";
// The mapping editor at /admin: sign-in, the list of mapping documents, load/save, history and rollback.
// Live validation, the error list and the preview panel are in editor.js. Talks only to /api/v1.
(() => {
  const { el, fmtTime, diffView, createValidator, createPreview } = window.CrmsyncEditor;
  const TOKEN_KEY = "crmsync.admin.token";    // sessionStorage: gone when the tab closes
  const AUTHOR_KEY = "crmsync.admin.author";  // localStorage: only a name, remembered for convenience
  const $ = (id) => document.getElementById(id);

  const state = { connector: null, loaded: null, historyShown: false };
  let validator;
  let preview;

  // ---- API -----------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Calls the API with the admin token. Resolves {status, data} for 2xx and for 422 {ok:false, errors};
  // rejects with ApiError otherwise. A 401 also signs out, back to the sign-in form.
  async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let resp;
    try {
      resp = await fetch(path, { method, headers, cache: "no-store", body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ApiError(0, `crmsync is not reachable (${err.message})`);
    }
    const data = await resp.json().catch(() => null);
    if (resp.status === 401) {
      showSignIn("The admin token was refused (401 Unauthorized). Sign in again.");
      throw new ApiError(401, "unauthorized");
    }
    if (resp.ok || (resp.status === 422 && Array.isArray(data?.errors))) return { status: resp.status, data: data || {} };
    const message = data?.error?.message || `${method} ${path} failed with HTTP ${resp.status}`;
    throw new ApiError(resp.status, message);
  }

  const connectorPath = (name, rest = "") => `/api/v1/mappings/${encodeURIComponent(name)}${rest}`;

  // ---- status line and confirmation ----------------------------------------------------------------

  function setStatus(message, kind = "info") {
    const status = $("status");
    status.textContent = message;
    status.dataset.kind = kind;
  }

  function report(err) {
    if (err.status !== 401) setStatus(err.message, "error");  // a 401 already shows the sign-in form
  }

  function confirmAction(text) {
    const dialog = $("confirm-dialog");
    $("confirm-text").textContent = text;
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  // ---- sign-in -------------------------------------------------------------------------------------

  function showSignIn(message = "") {
    sessionStorage.removeItem(TOKEN_KEY);
    $("workspace").hidden = true;
    $("whoami").hidden = true;
    $("signin").hidden = false;
    $("signin-message").textContent = message;
    $("token-input").value = "";
    $("token-input").focus();
  }

  async function onSignIn(event) {
    event.preventDefault();
    const token = $("token-input").value.trim();
    const author = $("author-input").value.trim();
    if (!token || !author) {
      $("signin-message").textContent = !token ? "Enter the admin token (admin.token in the config)." : "Enter your name: it is recorded with every change.";
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(AUTHOR_KEY, author);
    $("signin-message").textContent = "Signing in…";
    await enterWorkspace();
  }

  async function enterWorkspace() {
    try {
      await loadConnectors();
    } catch (err) {
      if (err.status !== 401) $("signin-message").textContent = err.message;
      return;
    }
    $("signin-message").textContent = "";
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("whoami").hidden = false;
    $("whoami-author").textContent = author();
    preview.loadEvents().catch(report);
    // Signed in again after a 401: the editor still holds the unsaved text; check it again, keep it.
    if (state.connector) await validator.checkNow();
  }

  const author = () => localStorage.getItem(AUTHOR_KEY) || "";

  // ---- connectors and documents --------------------------------------------------------------------

  function connectorItem(m) {
    const current = m.connector === state.connector;
    return el("li", {},
      el("button", { type: "button", class: "connector", "aria-current": current ? "true" : null,
        dataset: { testid: `connector-${m.connector}` }, onclick: () => openConnector(m.connector) },
      el("strong", {}, m.connector, m.active ? el("span", { class: "badge", title: "crm.connector in the config" }, "in use") : null),
      el("span", { class: "muted" }, `v${m.version} · ${m.author || "?"} · ${fmtTime(m.created_at_ms)}`)));
  }

  async function loadConnectors() {
    const { data } = await api("GET", "/api/v1/mappings");
    const list = data.mappings || [];
    $("connector-list").replaceChildren(...list.map(connectorItem));
    if (!list.length) $("connector-list").append(el("li", { class: "muted" }, "No mapping documents."));
  }

  const dirty = () => state.loaded !== null && $("editor").value !== state.loaded.text;

  function updateControls() {
    const loaded = state.loaded !== null;
    $("save-button").disabled = !(loaded && dirty() && validator.state() === "valid");
    $("revert-button").disabled = !dirty();
    $("history-button").disabled = !loaded;
    $("document-meta").textContent = loaded
      ? `version ${state.loaded.version} by ${state.loaded.author || "?"}, ${fmtTime(state.loaded.created_at_ms)}${dirty() ? " · unsaved changes" : ""}`
      : "";
  }

  function markCurrent(name) {
    for (const b of document.querySelectorAll(".connector")) {
      if (b.dataset.testid === `connector-${name}`) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
  }

  async function openConnector(name, { force = false } = {}) {
    if (!force && dirty() && !(await confirmAction(`Discard your unsaved changes to “${state.connector}”?`))) return;
    try {
      const { data } = await api("GET", connectorPath(name));
      state.connector = name;
      state.loaded = data;
      const editor = $("editor");
      editor.value = data.text;
      editor.disabled = false;
      $("document-title").textContent = `Mapping: ${name}`;
      markCurrent(name);
      preview.clear();
      preview.syncControls();
      updateControls();
      await Promise.all([validator.checkNow(), state.historyShown ? loadHistory() : clearHistory()]);
    } catch (err) {
      report(err);
    }
  }

  async function save() {
    $("save-button").disabled = true;
    setStatus(`Saving ${state.connector}…`);
    try {
      const { status, data } = await api("PUT", connectorPath(state.connector), { text: $("editor").value, author: author() });
      if (status === 422) {
        validator.showErrors(data.errors);
        setStatus("Not saved: the document has problems (listed next to the editor).", "error");
        return;
      }
      setStatus(`Saved ${state.connector} as version ${data.version}. It is in force for the next event.`, "ok");
      await afterChange();
    } catch (err) {
      report(err);
    } finally {
      updateControls();
    }
  }

  async function afterChange() {
    await Promise.all([loadConnectors(), openConnector(state.connector, { force: true })]);
  }

  // ---- history and rollback ------------------------------------------------------------------------

  function clearHistory() {
    state.historyShown = false;
    $("history-list").replaceChildren();
    $("history-button").textContent = "Show history";
  }

  function versionItem(v) {
    const current = state.loaded && v.version === state.loaded.version;
    return el("li", { class: "version", dataset: { testid: `version-${v.version}` } },
      el("div", { class: "row" },
        el("strong", {}, `Version ${v.version}`),
        el("span", { class: "muted" }, `${v.author || "?"} · ${fmtTime(v.created_at_ms)}`),
        current ? el("span", { class: "badge" }, "in force")
          : el("button", { type: "button", dataset: { testid: `rollback-${v.version}` }, onclick: () => rollback(v.version) },
            `Roll back to version ${v.version}`)),
      el("details", {},
        el("summary", {}, "Changes from the previous version"),
        diffView(v.diff, `diff-${v.version}`)));
  }

  async function loadHistory() {
    const { data } = await api("GET", connectorPath(state.connector, "/versions"));
    $("history-list").replaceChildren(...(data.versions || []).map(versionItem));
    state.historyShown = true;
    $("history-button").textContent = "Reload history";
  }

  async function rollback(version) {
    const unsaved = dirty() ? " Your unsaved changes in the editor are discarded." : "";
    const ok = await confirmAction(
      `Roll back “${state.connector}” to version ${version}? This activates a new version with the content of version ${version}.${unsaved}`);
    if (!ok) return;
    try {
      const { data } = await api("POST", connectorPath(state.connector, "/rollback"), { version, author: author() });
      setStatus(`Rolled back ${state.connector} to version ${version} (now version ${data.version}).`, "ok");
      await afterChange();
    } catch (err) {
      report(err);
    }
  }

  // ---- wiring --------------------------------------------------------------------------------------

  function boot() {
    validator = createValidator({
      api, textarea: $("editor"), errorList: $("error-list"), statusEl: $("validation-status"),
      getConnector: () => state.connector, onChange: updateControls,
    });
    preview = createPreview({
      api, getConnector: () => state.connector, getText: () => $("editor").value, onPickError: validator.pick,
      nodes: { select: $("event-select"), pasteWrap: $("event-paste"), pasteArea: $("event-json"), button: $("preview-button"),
        errors: $("preview-errors"), output: $("preview-output") },
    });
    $("signin-form").addEventListener("submit", onSignIn);
    $("signout-button").addEventListener("click", () => showSignIn("Signed out."));
    $("editor").addEventListener("input", () => { updateControls(); validator.schedule(); });
    $("save-button").addEventListener("click", save);
    $("editor").addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") {
        e.preventDefault();
        if (!$("save-button").disabled) save();
      }
    });
    $("revert-button").addEventListener("click", () => openConnector(state.connector));
    $("history-button").addEventListener("click", () => loadHistory().catch(report));
    $("connectors-refresh").addEventListener("click", () => loadConnectors().catch(report));
    $("events-refresh").addEventListener("click", () => preview.loadEvents().catch(report));
    window.addEventListener("beforeunload", (e) => { if (dirty()) e.preventDefault(); });
    $("author-input").value = author();
    if (sessionStorage.getItem(TOKEN_KEY)) enterWorkspace();
    else $("token-input").focus();
  }

  boot();
})();
