// End-to-end test of the mapping editor at /admin: Debian's chromium, driven by playwright-core, against
// the real crmsync binary. Break a mapping and see the inline error, fix it, preview it against a real
// event, save it, post a signed webhook and see the CRM activity written with the new mapping, then roll
// back and see the original mapping in force again.
//
//   npm ci --prefix tests/browser
//   CRMSYNC_BINARY=build/app/crmsync node --test tests/browser/admin_editor.test.mjs
//
// No fixed sleeps: every wait is on a condition (playwright's auto-waiting, or polling with a deadline).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const BINARY = process.env.CRMSYNC_BINARY || "/work/main/build/app/crmsync";
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ADMIN_TOKEN = "browser-test-admin-token";
const APP_SECRET = "browser-test-app-secret";
const VERIFY_TOKEN = "browser-test-verify-token";
const CLIENT_DIGITS = "79161234567";  // +7 916 123-45-67, a Moscow mobile (phone.default_region RU)
const TIMEOUT_MS = 30_000;
const PREFIX = "[WA] ";
const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---- helpers: waiting, signing, the crmsync process ---------------------------------------------------

// Thrown by a probe to stop waiting at once (the process died, the event is dead).
class GiveUp extends Error {}

async function waitUntil(what, probe, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      const described = typeof what === "function" ? what() : what;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${described}${last ? `: ${last.message}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));  // poll interval, not a fixed wait
  }
}

// A WhatsApp Cloud API messages payload for one inbound text (as tests/support/corpus_payloads.cpp).
function textMessageBody(id, text, timestamp) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{
      id: "102290129340398",
      changes: [{
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
          contacts: [{ profile: { name: "Ivan Petrov" }, wa_id: CLIENT_DIGITS }],
          messages: [{ from: CLIENT_DIGITS, id, timestamp: String(timestamp), type: "text", text: { body: text } }],
        },
      }],
    }],
  });
}

class Crmsync {
  constructor(dir) {
    this.dir = dir;
    this.configPath = path.join(dir, "crmsync.json");
    this.portPath = path.join(dir, "crmsync.port");
    this.logPath = path.join(dir, "stdout.log");
    this.crmPath = path.join(dir, "crm.db");
    const config = {
      http: { listen: "127.0.0.1:0", port_file: "crmsync.port", threads: 8 },
      store: { path: "store.db" },
      admin: { token: ADMIN_TOKEN },
      channels: { whatsapp: { app_secret: APP_SECRET, verify_token: VERIFY_TOKEN } },
      crm: { connector: "local", create_unknown: "contact", local: { path: "crm.db" } },
      mappings: { dir: "mappings", reload_ms: 100 },
      phone: { default_region: "RU" },
      sync: { workers: 2, backoff_initial_ms: 50, backoff_max_ms: 500 },
      log: { level: "debug", file: "crmsync.log" },
    };
    fs.writeFileSync(this.configPath, JSON.stringify(config, null, 2));
    // The shipped mapping documents, copied: what the service activates must not touch the source tree.
    fs.cpSync(path.join(SOURCE_DIR, "mappings"), path.join(dir, "mappings"), { recursive: true });
  }

  async start() {
    assert.ok(fs.existsSync(BINARY), `no crmsync binary at ${BINARY} (set CRMSYNC_BINARY)`);
    const log = fs.openSync(this.logPath, "a");
    this.child = spawn(BINARY, ["serve", "--config", this.configPath], { cwd: this.dir, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve(code ?? signal)));
    // Never leave a crmsync behind, even when this process is stopped (ctest timeout, Ctrl-C).
    const killChild = () => this.child.kill("SIGKILL");
    process.once("exit", killChild);
    for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => { killChild(); process.exit(128 + os.constants.signals[signal]); });
    let exitCode = null;
    this.exited.then((code) => { exitCode = code; });
    await waitUntil("crmsync to listen (its port file)", () => {
      if (exitCode !== null) throw new GiveUp(`crmsync exited (${exitCode}):\n${this.log()}`);
      const text = fs.existsSync(this.portPath) ? fs.readFileSync(this.portPath, "utf8").trim() : "";
      return /^\d+$/.test(text) && (this.port = Number(text));
    });
    this.base = `http://127.0.0.1:${this.port}`;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  log() {
    return fs.existsSync(this.logPath) ? fs.readFileSync(this.logPath, "utf8") : "";
  }

  async api(method, apiPath, body) {
    const resp = await fetch(this.base + apiPath, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: resp.status, data: await resp.json().catch(() => null) };
  }

  // Posts one signed inbound text message; resolves once the service has accepted it.
  async postMessage(id, text) {
    const body = textMessageBody(id, text, Math.floor(Date.now() / 1000));
    const signature = crypto.createHmac("sha256", APP_SECRET).update(body).digest("hex");
    const resp = await fetch(`${this.base}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${signature}` },
      body,
    });
    assert.equal(resp.status, 200, `webhook answered ${resp.status}: ${await resp.text()}`);
  }

  async waitWritten(providerId) {
    return waitUntil(`event ${providerId} to be written to the CRM`, async () => {
      const { status, data } = await this.api("GET", `/api/v1/events/${encodeURIComponent(providerId)}`);
      if (status !== 200) return false;
      const states = data.events.map((e) => e.state);
      if (states.some((s) => s === "dead" || s === "quarantined")) {
        throw new GiveUp(`event ${providerId} ended ${states.join(",")}: ${JSON.stringify(data.events.map((e) => e.last_error))}`);
      }
      return states.includes("written");
    });
  }

  // The body of the CRM activity written for a message, read straight from the embedded CRM's file.
  activityBody(providerId) {
    const key = `whatsapp:msg:${providerId}`.replace(/'/g, "''");
    const out = execFileSync("sqlite3", ["-json", this.crmPath, `SELECT body FROM activities WHERE idempotency_key = '${key}'`],
      { encoding: "utf8" });
    const rows = out.trim() ? JSON.parse(out) : [];
    assert.equal(rows.length, 1, `one activity for ${providerId} in ${this.crmPath}, found ${rows.length}`);
    return rows[0].body;
  }

  async sendAndReadBody(id, text) {
    await this.postMessage(id, text);
    await this.waitWritten(id);
    return this.activityBody(id);
  }
}

// ---- helpers: editing the mapping document's text ------------------------------------------------------

// The message_activity template that fills the activity body: {pointer, value}. Found by walking the
// document rather than by a fixed path, so the test does not depend on every detail of the format.
function bodyTemplate(text) {
  const doc = JSON.parse(text);
  const found = [];
  const walk = (node, pointer) => {
    if (typeof node === "string") {
      if (node.includes("{{") && node.includes("message.")) found.push({ pointer, value: node });
    } else if (node && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${key}`);
    }
  };
  walk(doc?.writes?.message_activity, "/writes/message_activity");
  const pick = found.find((f) => /\/body\b/.test(f.pointer)) || found[0];
  assert.ok(pick, `no message_activity template using message.* in the local mapping:\n${text}`);
  return pick;
}

// `text` with the body template's string literal replaced, leaving the rest of the text as it was.
function replaceBodyTemplate(text, change) {
  const { value } = bodyTemplate(text);
  const literal = JSON.stringify(value);
  const at = text.indexOf(literal, text.indexOf('"message_activity"'));
  assert.ok(at >= 0, `cannot find ${literal} in the document text`);
  return text.slice(0, at) + JSON.stringify(change(value)) + text.slice(at + literal.length);
}

// ---- the test -------------------------------------------------------------------------------------------

test("admin mapping editor: break, fix, preview, save, write, roll back", { timeout: 240_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crmsync-browser-"));
  const service = new Crmsync(dir);
  let browser;
  let page;
  let failed = false;
  const pageErrors = [];
  const foreignRequests = [];
  t.after(async () => {
    await browser?.close();
    await service.stop();
    if (failed) console.log(`# kept ${dir} (screenshots, crmsync.log, stdout.log, store.db, crm.db)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  });

  // Each step is a subtest (reported by name); after a failure the rest are skipped, and the failing
  // step leaves a screenshot and the service's output behind.
  const step = (name, fn) => t.test(name, { skip: failed && "an earlier step failed" }, async () => {
    try {
      await fn();
    } catch (err) {
      failed = true;
      const shot = path.join(dir, `failure-${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
      await page?.screenshot({ path: shot, fullPage: true }).catch(() => {});
      err.message += `\n  screenshot: ${shot}\n  crmsync output (tail):\n${service.log().split("\n").slice(-40).join("\n")}`;
      throw err;
    }
  });
  const byId = (id) => page.getByTestId(id);
  const expectText = async (id, pattern) => {
    let seen = null;
    await waitUntil(() => `[data-testid=${id}] to match ${pattern} (last seen: ${JSON.stringify(seen)})`,
      async () => pattern.test((seen = await byId(id).first().textContent({ timeout: 1000 })) ?? ""));
  };
  const editorState = () => byId("validation-status").getAttribute("data-state");

  const textA = "Hello, I have a question about the lease";
  const textB = "Second message, after the save";
  const textC = "Third message, after the rollback";
  let bodyA;
  let original;

  await step("crmsync starts and writes a first message with the shipped mapping", async () => {
    await service.start();
    bodyA = await service.sendAndReadBody("wamid.BROWSER.A", textA);
    assert.ok(bodyA.includes(textA), `activity body ${JSON.stringify(bodyA)} contains the message text`);
    assert.ok(!bodyA.startsWith(PREFIX));
  });

  await step("the page loads without the internet and refuses a wrong token", async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("request", (req) => { if (!req.url().startsWith(service.base)) foreignRequests.push(req.url()); });
    const resp = await page.goto(`${service.base}/admin`);
    assert.equal(resp.status(), 200);
    await byId("token-input").fill("not-the-token");
    await byId("author-input").fill("alice");
    await byId("signin-button").click();
    await expectText("signin-message", /401/);
    assert.equal(await byId("workspace").isVisible(), false);
  });

  await step("signs in with the admin token and lists the local mapping", async () => {
    await byId("token-input").fill(ADMIN_TOKEN);
    await byId("signin-button").click();
    await byId("workspace").waitFor();
    await expectText("whoami-author", /^alice$/);
    await expectText("connector-local", /local/);
  });

  await step("opens the local mapping, valid and unchanged", async () => {
    await byId("connector-local").click();
    await waitUntil("the document to load and validate", async () => (await editorState()) === "valid");
    original = await byId("editor").inputValue();
    assert.ok(original.includes('"message_activity"'), "the editor shows the local document");
    assert.equal(await byId("save-button").isDisabled(), true, "nothing to save yet");
  });

  await step("a JSON syntax error is shown with its line and column", async () => {
    await byId("editor").fill(original.trimEnd().replace(/}$/, ""));
    await waitUntil("the editor to be marked invalid", async () => (await editorState()) === "invalid");
    await expectText("error-position", /line \d+, column \d+/);
    assert.equal(await byId("editor").getAttribute("aria-invalid"), "true");
    assert.equal(await byId("save-button").isDisabled(), true);
  });

  await step("an unknown source field is shown inline as you type; Save is disabled", async () => {
    await byId("editor").fill(original);
    await waitUntil("the restored text to validate", async () => (await editorState()) === "valid");
    const broken = replaceBodyTemplate(original, (v) => `${v} {{message.no_such_field}}`);
    await byId("editor").fill(broken);
    await waitUntil("the editor to be marked invalid", async () => (await editorState()) === "invalid");
    const errors = await byId("error-item").allTextContents();
    assert.ok(errors.some((e) => e.includes("/writes/message_activity")), `errors name the pointer: ${errors}`);
    assert.ok(errors.some((e) => e.includes("no_such_field")), `errors name the field: ${errors}`);
    assert.equal(await byId("save-button").isDisabled(), true, "Save is disabled while invalid");
    assert.equal(await byId("editor").getAttribute("aria-invalid"), "true");
    // Clicking the error selects the offending template in the editor.
    await byId("error-item").filter({ hasText: "no_such_field" }).first().getByRole("button").click();
    const selected = await byId("editor").evaluate((e) => e.value.slice(e.selectionStart, e.selectionEnd));
    assert.equal(selected, "{{message.no_such_field}}", "the error selects the offending tag");
  });

  let fixed;
  await step("fixing it clears the errors and enables Save", async () => {
    fixed = replaceBodyTemplate(original, (v) => PREFIX + v);
    await byId("editor").fill(fixed);
    await waitUntil("the editor to be valid again", async () => (await editorState()) === "valid");
    assert.equal(await byId("error-item").count(), 0);
    assert.equal(await byId("editor").getAttribute("aria-invalid"), "false");
    assert.equal(await byId("save-button").isEnabled(), true);
  });

  await step("preview against a real event shows the CRM request with the new text", async () => {
    await byId("events-refresh").click();
    await waitUntil("event A in the event list", async () =>
      (await byId("event-select").locator("option").evaluateAll((os) => os.map((o) => o.value))).includes("wamid.BROWSER.A"));
    await byId("event-select").selectOption("wamid.BROWSER.A");
    await byId("preview-button").click();
    await byId("preview-request").first().waitFor();
    const bodies = await byId("preview-body").allTextContents();
    assert.ok(bodies.some((b) => b.includes(PREFIX + textA)), `a request body contains "${PREFIX}${textA}":\n${bodies.join("\n")}`);
    assert.ok((await byId("preview-method").first().textContent()).trim().length > 0, "the method is shown");
    assert.ok((await byId("preview-path").first().textContent()).trim().length > 0, "the path is shown");
  });

  await step("preview of a pasted event uses the pasted text", async () => {
    const { data } = await service.api("GET", "/api/v1/events/wamid.BROWSER.A");
    const event = { ...data.events[0].event, text: "Pasted event text 42" };
    await byId("event-select").selectOption("__paste__");
    await byId("event-json").fill(JSON.stringify(event, null, 2));
    await byId("preview-button").click();
    await waitUntil("the pasted event's preview", async () =>
      (await byId("preview-body").allTextContents()).some((b) => b.includes(`${PREFIX}Pasted event text 42`)));
  });

  await step("saves as version 2", async () => {
    await byId("save-button").click();
    await expectText("status", /Saved local as version 2\b/);
    await expectText("document-meta", /version 2 by alice/);
    await expectText("connector-local", /v2 · alice/);
    assert.equal(await byId("editor").inputValue(), fixed);
    assert.equal(await byId("save-button").isDisabled(), true, "saved: nothing left to save");
  });

  await step("the next webhook's activity is written with the new mapping", async () => {
    const bodyB = await service.sendAndReadBody("wamid.BROWSER.B", textB);
    assert.ok(bodyB.startsWith(PREFIX), `activity body ${JSON.stringify(bodyB)} starts with ${PREFIX}`);
    assert.ok(bodyB.includes(textB));
  });

  await step("history shows both versions with a diff; roll back to version 1 after confirming", async () => {
    await byId("history-button").click();
    await byId("version-2").waitFor();
    await byId("version-1").waitFor();
    assert.ok((await byId("diff-2").textContent()).includes("[WA]"), "the diff of version 2 shows the change");
    await byId("rollback-1").click();
    await byId("confirm-dialog").waitFor();
    await expectText("confirm-text", /version 1/);
    await byId("confirm-no").click();  // cancelling changes nothing
    assert.equal(await byId("confirm-dialog").isVisible(), false);
    await byId("rollback-1").click();
    await byId("confirm-yes").click();
    await expectText("status", /Rolled back local to version 1 \(now version 3\)/);
    await expectText("document-meta", /version 3 by alice/);
    await byId("version-3").waitFor();
    assert.equal(await byId("editor").inputValue(), original, "the editor shows version 1's text again");
  });

  await step("the next webhook's activity uses the original template again", async () => {
    const bodyC = await service.sendAndReadBody("wamid.BROWSER.C", textC);
    assert.ok(!bodyC.startsWith(PREFIX), `activity body ${JSON.stringify(bodyC)} no longer starts with ${PREFIX}`);
    assert.equal(bodyC, bodyA.replace(textA, textC), "same shape as the first message's body");
  });

  await step("a refused token (401) returns to the sign-in form with a clear message", async () => {
    await page.evaluate(() => sessionStorage.setItem("crmsync.admin.token", "revoked"));
    await byId("connectors-refresh").click();
    await byId("signin").waitFor();
    await expectText("signin-message", /refused \(401/);
    assert.equal(await byId("workspace").isVisible(), false);
  });

  await step("no script errors and nothing fetched from outside crmsync", async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(foreignRequests, []);
  });
});
