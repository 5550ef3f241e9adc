/*
 * deskhand chat widget. Embed with one tag, no build step:
 *   <script src="https://deskhand.example.com/widget.js" data-token="SIGNED-TOKEN"
 *           data-title="Support" defer></script>
 * data-token is optional (anonymous visitors); your server mints it (see README "Web chat").
 *
 * Safety: nothing from the server or the model is ever parsed as HTML. Answers are rendered
 * from a small Markdown subset into DOM nodes with textContent; links are kept only when
 * they point to hosts the server allows; images are shown as their alt text.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__deskhandWidget) return;
  window.__deskhandWidget = true;

  var ORIGIN = new URL(script.src, location.href).origin;
  var WS_URL = ORIGIN.replace(/^http/, "ws") + "/chat";
  var TOKEN = script.getAttribute("data-token") || null;
  var TITLE = script.getAttribute("data-title") || "Chat with us";
  var KEY = "deskhand:" + ORIGIN + ":" + identityHint(TOKEN);
  var OPEN_KEY = "deskhand:open:" + ORIGIN;
  var CODES = { policy: 1008, tooBig: 1009, busy: 1013, idle: 4000, slowDown: 4429 };

  var ws = null, ready = false, retries = 0, idle = false, timer = null;
  var outbox = [], linkHosts = [new URL(ORIGIN).host], maxChars = 4000;
  var current = null, owner = "ai", signedIn = false, ended = false;

  function identityHint(token) {
    if (!token) return "guest";
    try {
      var part = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part + "===".slice((part.length + 3) % 4))).email || "signed";
    } catch (e) { return "signed"; }
  }
  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  // --- DOM helpers: text only, never innerHTML --------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "on") Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function safeUrl(href) {
    var url;
    try { url = new URL(href, ORIGIN); } catch (e) { return null; }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return linkHosts.indexOf(url.host.toLowerCase()) >= 0 ? url.href : null;
  }
  function link(text, href) {
    var url = safeUrl(href);
    if (!url) return document.createTextNode(text);
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: text });
  }

  // --- Markdown subset -> DOM ---------------------------------------------------------------
  var INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)|(!?\[[^\]\n]*\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/;
  function inline(text, parent) {
    var m;
    while ((m = INLINE.exec(text))) {
      if (m.index) parent.appendChild(document.createTextNode(text.slice(0, m.index)));
      var t = m[0];
      if (m[1]) parent.appendChild(el("code", { text: t.slice(1, -1) }));
      else if (m[2]) inline(t.slice(2, -2), parent.appendChild(el("strong")));
      else if (m[3]) inline(t.slice(1, -1), parent.appendChild(el("em")));
      else if (m[4]) {
        var label = t.slice(t.indexOf("[") + 1, t.indexOf("]("));
        var href = t.slice(t.indexOf("](") + 2, -1);
        parent.appendChild(t[0] === "!" ? document.createTextNode(label) : link(label, href));
      } else parent.appendChild(link(t, t));
      text = text.slice(m.index + t.length);
    }
    if (text) parent.appendChild(document.createTextNode(text));
    return parent;
  }
  function markdown(text, into) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n"), i = 0, para = [];
    function flush() { if (para.length) into.appendChild(inline(para.join(" "), el("p"))); para = []; }
    while (i < lines.length) {
      var line = lines[i], m;
      if (/^```/.test(line)) {
        flush();
        var code = [];
        for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
        into.appendChild(el("pre", {}, [el("code", { text: code.join("\n") })]));
        i++;
      } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        flush(); into.appendChild(inline(m[2], el("p", { "class": "dh-h" }))); i++;
      } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
        flush();
        var ordered = /^\s*\d/.test(line), list = el(ordered ? "ol" : "ul");
        for (; i < lines.length && (m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i])); i++) {
          list.appendChild(inline(m[2], el("li")));
        }
        into.appendChild(list);
      } else if (!line.trim()) { flush(); i++; }
      else { para.push(line.trim()); i++; }
    }
    flush();
    return into;
  }

  // --- the panel ------------------------------------------------------------------------
  var root = el("div", { id: "deskhand-widget", "class": "dh-root" });
  var launcher = el("button", { "class": "dh-launcher", type: "button", "aria-expanded": "false", "aria-controls": "dh-panel", text: "Chat" });
  var who = el("p", { "class": "dh-who" });
  var humanBtn = el("button", { type: "button", "class": "dh-link", text: "Talk to a human" });
  var detailsBtn = el("button", { type: "button", "class": "dh-link", text: "Leave your details" });
  var endBtn = el("button", { type: "button", "class": "dh-link", text: "End chat" });
  var closeBtn = el("button", { type: "button", "class": "dh-close", "aria-label": "Close chat", text: "×" });
  var notice = el("div", { "class": "dh-notice", role: "status", "aria-live": "polite" });
  var log = el("div", { "class": "dh-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var status = el("div", { "class": "dh-status", role: "status", "aria-live": "polite" });
  var input = el("textarea", { id: "dh-input", rows: "2", "aria-label": "Your message", placeholder: "Ask a question…" });
  var sendBtn = el("button", { type: "submit", "class": "dh-send", text: "Send" });
  var form = el("form", { "class": "dh-form" }, [input, sendBtn]);
  var panel = el("div", { id: "dh-panel", "class": "dh-panel", role: "dialog", "aria-labelledby": "dh-title", hidden: "hidden" }, [
    el("div", { "class": "dh-head" }, [
      el("div", {}, [el("h2", { id: "dh-title", text: TITLE }), who]),
      closeBtn,
    ]),
    el("div", { "class": "dh-tools" }, [humanBtn, detailsBtn, endBtn]),
    notice, log, status, form,
  ]);
  root.appendChild(panel);
  root.appendChild(launcher);

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    try { sessionStorage.setItem(OPEN_KEY, open ? "1" : ""); } catch (e) { /* ignore */ }
    if (open) { if (!ws || idle) connect(); input.focus(); } else launcher.focus();
  }
  launcher.addEventListener("click", function () { setOpen(panel.hidden); });
  closeBtn.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(e); }
  });
  form.addEventListener("submit", submit);
  humanBtn.addEventListener("click", function () { send({ type: "handoff" }); });
  detailsBtn.addEventListener("click", function () { showDetailsForm(); });
  endBtn.addEventListener("click", function () { if (!ended) send({ type: "end" }); });

  function submit(e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (text.length > maxChars) { say("Your message is " + text.length + " characters; the limit is " + maxChars + ". Please shorten it."); return; }
    input.value = "";
    bubble("user").appendChild(el("p", { text: text }));
    send({ type: "message", text: text });
  }
  function say(text) { notice.textContent = text; }
  function scroll() { log.scrollTop = log.scrollHeight; }
  function bubble(role, label) {
    var node = el("div", { "class": "dh-msg dh-" + role }, label ? [el("p", { "class": "dh-author", text: label })] : []);
    log.appendChild(node); scroll();
    return node;
  }

  // --- rendering server items ----------------------------------------------------------------
  function answer(item, node) {
    node = node || bubble("bot");
    var body = node.querySelector(".dh-body") || node.appendChild(el("div", { "class": "dh-body" }));
    body.textContent = "";
    markdown(item.text, body);
    if (item.error) node.classList.add("dh-error");
    if (item.citations && item.citations.length) {
      var list = el("ul", { "class": "dh-sources", "aria-label": "Sources" });
      item.citations.forEach(function (c) { list.appendChild(el("li", {}, [link(c.title, c.url)])); });
      node.appendChild(el("p", { "class": "dh-sources-title", text: "Sources" }));
      node.appendChild(list);
    }
    (item.actions || []).forEach(function (a) { if (!node.querySelector('[data-action="' + a.id + '"]')) node.appendChild(card(a)); });
    if (item.id) node.appendChild(thumbs(item.id));
    node.removeAttribute("aria-busy");
    scroll();
    return node;
  }
  var DONE = { executed: "Done", cancelled: "Cancelled; nothing was changed.", expired: "This proposal expired; ask again.", failed: "This could not be done." };
  function card(a) {
    var result = el("p", { "class": "dh-card-result", role: "status" });
    var node = el("div", { "class": "dh-card", role: "group", "aria-label": "Proposed change", "data-action": a.id }, [
      el("p", { "class": "dh-card-title", text: "Please confirm" }), el("p", { text: a.preview }), result,
    ]);
    if (a.status === "pending") {
      var yes = el("button", { type: "button", "class": "dh-confirm", text: "Confirm" });
      var no = el("button", { type: "button", "class": "dh-cancel", text: "Cancel" });
      yes.addEventListener("click", function () { decide("confirm", a.id, node); });
      no.addEventListener("click", function () { decide("cancel", a.id, node); });
      node.appendChild(el("div", { "class": "dh-card-buttons" }, [yes, no]));
    } else {
      result.textContent = a.status === "executed" && a.summary ? "Done: " + a.summary : (DONE[a.status] || a.status);
    }
    return node;
  }
  function decide(kind, id, node) {
    node.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    send({ type: kind, action_id: id });
  }
  function thumbs(id) {
    var row = el("div", { "class": "dh-thumbs", role: "group", "aria-label": "Was this helpful?" });
    var up = el("button", { type: "button", "aria-label": "Helpful", "aria-pressed": "false", text: "Helpful" });
    var down = el("button", { type: "button", "aria-label": "Not helpful", "aria-pressed": "false", text: "Not helpful" });
    function rate(rating) {
      up.setAttribute("aria-pressed", String(rating === "up"));
      down.setAttribute("aria-pressed", String(rating === "down"));
      send({ type: "feedback", message_id: id, rating: rating });
      if (row.querySelector("form")) return;
      var comment = el("input", { type: "text", maxlength: "2000", "aria-label": "Tell us more (optional)", placeholder: "Tell us more (optional)" });
      var more = el("form", { "class": "dh-comment" }, [comment, el("button", { type: "submit", text: "Send" })]);
      more.addEventListener("submit", function (e) {
        e.preventDefault();
        var pressed = up.getAttribute("aria-pressed") === "true" ? "up" : "down";
        if (comment.value.trim()) send({ type: "feedback", message_id: id, rating: pressed, comment: comment.value.trim() });
        more.remove();
      });
      row.appendChild(more);
    }
    up.addEventListener("click", function () { rate("up"); });
    down.addEventListener("click", function () { rate("down"); });
    row.appendChild(up); row.appendChild(down);
    return row;
  }
  function showDetailsForm() {
    if (signedIn || log.querySelector(".dh-details")) return;
    function field(name, label, type, required) {
      var id = "dh-f-" + name;
      return el("p", {}, [el("label", { "for": id, text: label }), el(type === "textarea" ? "textarea" : "input", { id: id, name: name, type: type === "textarea" ? null : type, required: required ? "required" : null, maxlength: name === "message" ? "2000" : "200" })]);
    }
    var f = el("form", { "class": "dh-details", "aria-label": "Your contact details" }, [
      field("name", "Name", "text", true), field("email", "Email", "email", true),
      field("company", "Company (optional)", "text", false), field("message", "Message (optional)", "textarea", false),
      el("button", { type: "submit", text: "Send details" }),
    ]);
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var v = function (n) { return f.elements[n].value.trim(); };
      send({ type: "lead", name: v("name"), email: v("email"), company: v("company") || null, message: v("message") || null });
      f.remove();
    });
    log.appendChild(f); scroll(); f.elements.name.focus();
  }
  function showCsat() {
    var f = el("form", { "class": "dh-csat", "aria-label": "Rate this conversation" });
    var group = el("fieldset", {}, [el("legend", { text: "How did we do? (1 = poor, 5 = great)" })]);
    [1, 2, 3, 4, 5].forEach(function (n) {
      group.appendChild(el("label", {}, [el("input", { type: "radio", name: "score", value: String(n) }), " " + n]));
    });
    var comment = el("input", { type: "text", maxlength: "2000", "aria-label": "Comment (optional)", placeholder: "Comment (optional)" });
    f.appendChild(group); f.appendChild(comment); f.appendChild(el("button", { type: "submit", text: "Send rating" }));
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var picked = f.querySelector("input[name=score]:checked");
      if (!picked) { say("Please pick a score from 1 to 5."); return; }
      send({ type: "csat", score: Number(picked.value), comment: comment.value.trim() || null });
      f.remove();
    });
    var again = el("button", { type: "button", "class": "dh-link", text: "Start a new chat" });
    again.addEventListener("click", restart);
    log.appendChild(f); log.appendChild(again); scroll();
  }
  function restart() {
    save(KEY, {}); ended = false; log.textContent = ""; say("");
    if (ws) { ws.onclose = null; ws.close(); }
    ws = null; connect(); input.focus();
  }
  function setOwner(value) {
    owner = value;
    humanBtn.hidden = owner === "human";
    status.textContent = owner === "human" ? "A person from our support team will reply here." : "";
  }
  function renderHistory(items) {
    log.textContent = "";
    items.forEach(function (item) {
      if (item.role === "user") bubble("user").appendChild(el("p", { text: item.text }));
      else if (item.role === "assistant") answer(item);
      else if (item.role === "agent") markdown(item.text, bubble("agent", item.author + " (support)"));
      else bubble("note").appendChild(el("p", { text: item.text }));
    });
  }

  // --- the connection ----------------------------------------------------------------------
  function send(message) {
    if (ready && ws && ws.readyState === 1) ws.send(JSON.stringify(message));
    else { outbox.push(message); if (!ws || idle) connect(); }
  }
  function connect() {
    clearTimeout(timer); idle = false;
    if (ws && ws.readyState <= 1) return;
    status.textContent = "Connecting…";
    ws = new WebSocket(WS_URL);
    ws.onopen = function () {
      var saved = load(KEY, {});
      ws.send(JSON.stringify({ type: "hello", token: TOKEN, conversation: saved.conversation || null, resume_key: saved.resume_key || null }));
    };
    ws.onmessage = function (e) { var m; try { m = JSON.parse(e.data); } catch (x) { return; } handle(m); };
    ws.onclose = function (e) {
      ready = false;
      if (e.code === CODES.idle) {
        idle = true; status.textContent = "";
        // A person may still reply: stay connected while the panel is open.
        if (owner === "human" && !panel.hidden) timer = setTimeout(connect, 1000);
        return;
      }
      var wait = e.code === CODES.busy ? 30000 : e.code === CODES.slowDown ? 60000 : Math.min(15000, 1000 * Math.pow(2, retries++));
      if (e.code !== CODES.busy && e.code !== CODES.slowDown) status.textContent = "Reconnecting…";
      if (current) { current.removeAttribute("aria-busy"); current = null; }
      timer = setTimeout(connect, wait);
    };
  }
  function handle(m) {
    switch (m.type) {
      case "ready":
        ready = true; retries = 0; status.textContent = "";
        linkHosts = (m.link_hosts || linkHosts).map(function (h) { return h.toLowerCase(); });
        maxChars = m.max_chars || maxChars; signedIn = m.visitor.signed_in;
        input.setAttribute("maxlength", String(maxChars));
        who.textContent = signedIn ? "Signed in as " + m.visitor.name : "Guest";
        detailsBtn.hidden = signedIn;
        if (!m.conversation) save(KEY, {});
        say(m.notice || "");
        renderHistory(m.history || []);
        outbox.forEach(function (o) { if (o.type === "message") bubble("user").appendChild(el("p", { text: o.text })); });
        setOwner(m.owner);
        while (outbox.length && ws.readyState === 1) ws.send(JSON.stringify(outbox.shift()));
        break;
      case "conversation": save(KEY, { conversation: m.conversation, resume_key: m.resume_key }); break;
      case "turn":
        current = bubble("bot"); current.setAttribute("aria-busy", "true");
        current.appendChild(el("div", { "class": "dh-body dh-typing", text: "" }));
        status.textContent = "Typing…"; break;
      case "token":
        if (!current) { current = bubble("bot"); current.appendChild(el("div", { "class": "dh-body" })); }
        var body = current.querySelector(".dh-body");
        body.classList.remove("dh-typing"); body.textContent += m.text; status.textContent = ""; scroll(); break;
      case "tool": status.textContent = m.state === "start" ? m.label : "Typing…"; break;
      case "action": (current || bubble("bot")).appendChild(card(m.action)); scroll(); break;
      case "answer": answer(m, current); current = null; status.textContent = owner === "human" ? status.textContent : ""; break;
      case "action_result":
        var node = log.querySelector('[data-action="' + m.id + '"]');
        if (node) {
          var buttons = node.querySelector(".dh-card-buttons");
          if (buttons) buttons.remove();
          node.querySelector(".dh-card-result").textContent = m.status === "executed" ? "Done: " + m.text : m.text;
        }
        break;
      case "handoff": bubble("note").appendChild(el("p", { text: m.text })); setOwner("human"); break;
      case "owner": bubble("note").appendChild(el("p", { text: m.text })); setOwner(m.owner); break;
      case "agent": markdown(m.text, bubble("agent", m.author + " (support)")); break;
      case "need_details": bubble("note").appendChild(el("p", { text: m.text })); showDetailsForm(); break;
      case "lead_saved": case "notice": case "delivered": bubble("note").appendChild(el("p", { text: m.text })); break;
      case "feedback_saved": case "csat_saved": say(m.text); break;
      case "ended": ended = true; save(KEY, {}); if (m.csat) showCsat(); else restart(); break;
      case "error":
        say(m.text);
        if (current && !current.textContent) { current.remove(); current = null; }
        status.textContent = "";
        break;
    }
  }

  function mount() {
    var css = el("link", { rel: "stylesheet", href: ORIGIN + "/widget.css" });
    document.head.appendChild(css);
    document.body.appendChild(root);
    var wasOpen = false;
    try { wasOpen = !!sessionStorage.getItem(OPEN_KEY); } catch (e) { /* ignore */ }
    if (wasOpen || load(KEY, {}).conversation) connect();
    if (wasOpen) { panel.hidden = false; launcher.setAttribute("aria-expanded", "true"); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
