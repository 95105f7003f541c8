/* The candidate chat over a WebSocket. Without it (no JavaScript, a blocked socket) the form posts
   normally and the page shows the reply, so nothing here is needed to finish the interview. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !("WebSocket" in window)) { return; }
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-message");
  var send = document.getElementById("chat-send");
  var typing = document.getElementById("chat-typing");
  var status = document.getElementById("chat-status");
  var notice = document.getElementById("chat-notice");
  var done = document.getElementById("chat-done");
  var help = document.getElementById("chat-help");
  var name = root.dataset.interviewer || "Interviewer";
  var pendingKey = "chat-pending:" + root.dataset.wsPath;
  var socket = null;
  var open = false;
  var fatal = false;
  var waiting = false;
  var retries = 0;
  var streaming = {};

  if (help) { help.hidden = false; }

  function wsUrl() {
    var base = root.dataset.realtimeUrl;
    if (!base) {
      var secure = location.protocol === "https:";
      var port = parseInt(location.port || (secure ? "443" : "80"), 10) + 1;
      base = (secure ? "wss://" : "ws://") + location.hostname + ":" + port;
    }
    return base.replace(/\/$/, "") + root.dataset.wsPath;
  }

  function say(text) {
    // Re-set so the same words are announced again when repeated.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on) { say(name + " is typing…"); }
  }

  function messageItem(role, turnId, text) {
    var li = document.createElement("li");
    li.className = "chat-msg " + role;
    li.dataset.turnId = turnId;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = role === "interviewer" ? name : "You";
    var p = document.createElement("p");
    p.className = "text";
    p.textContent = text;
    li.appendChild(who);
    li.appendChild(p);
    return li;
  }

  function append(role, turnId, text) {
    var old = document.getElementById("chat-latest");
    if (old) { old.removeAttribute("id"); }
    var li = messageItem(role, turnId, text);
    li.id = "chat-latest";
    log.appendChild(li);
    li.scrollIntoView({ block: "end", behavior: "smooth" });
    return li;
  }

  function findItem(turnId) {
    var items = log.querySelectorAll("li.chat-msg");
    for (var i = 0; i < items.length; i++) {
      if (items[i].dataset.turnId === turnId) { return items[i]; }
    }
    return null;
  }

  function pending() {
    try { return JSON.parse(sessionStorage.getItem(pendingKey) || "null"); } catch (e) { return null; }
  }

  function setPending(value) {
    try {
      if (value) { sessionStorage.setItem(pendingKey, JSON.stringify(value)); }
      else { sessionStorage.removeItem(pendingKey); }
    } catch (e) { /* private mode: resending after a reload is then up to the candidate */ }
  }

  function setWaiting(on) {
    waiting = on;
    if (send) {
      send.setAttribute("aria-disabled", on ? "true" : "false");
      send.setAttribute("aria-busy", on ? "true" : "false");
    }
  }

  function finish(url) {
    setTyping(false);
    setWaiting(false);
    setPending(null);
    if (form) { form.hidden = true; }
    var link = document.getElementById("chat-continue");
    if (link && url) { link.href = url; }
    done.hidden = false;
    say("The interview is finished. Continue when you are ready.");
    if (link) { link.focus(); }
  }

  function sendTurn(turnId, text) {
    setWaiting(true);
    setTyping(true);
    socket.send(JSON.stringify({ type: "turn", turn_id: turnId, text: text }));
  }

  function onHistory(data) {
    log.textContent = "";
    data.messages.forEach(function (m) { append(m.role, m.turn_id, m.text); });
    showNotice("");
    if (data.finished) { finish(data.continue_url); return; }
    var p = pending();
    if (p && findItem(p.turn_id + ":r")) { setPending(null); p = null; }
    if (p) {
      // Sent before the connection dropped and never answered: the same id is answered once.
      if (!findItem(p.turn_id)) { append("candidate", p.turn_id, p.text); }
      sendTurn(p.turn_id, p.text);
    } else {
      setWaiting(false);
    }
  }

  function onChunk(data) {
    setTyping(false);
    var item = streaming[data.turn_id] || findItem(data.turn_id);
    if (!item) {
      item = append("interviewer", data.turn_id, "");
      item.setAttribute("aria-busy", "true");
      streaming[data.turn_id] = item;
    }
    if (streaming[data.turn_id]) {
      item.querySelector(".text").textContent += data.text;
    }
  }

  function onReset(data) {
    // The AI provider failed part-way through a reply: its words are taken back and the offline
    // engine's reply streams into the same bubble, so the candidate never reads half of one and
    // then another.
    var item = streaming[data.turn_id];
    if (item) { item.querySelector(".text").textContent = ""; }
    setTyping(true);
  }

  function onReply(data) {
    setTyping(false);
    var item = streaming[data.turn_id] || findItem(data.turn_id) || append("interviewer", data.turn_id, "");
    item.querySelector(".text").textContent = data.text;
    item.removeAttribute("aria-busy");
    delete streaming[data.turn_id];
    setPending(null);
    setWaiting(false);
    say(name + " says: " + data.text);
    if (input && form && !form.hidden) { input.focus(); }
  }

  function connect() {
    socket = new WebSocket(wsUrl());
    socket.onopen = function () { open = true; retries = 0; };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "history") { onHistory(data); }
      else if (data.type === "typing") { setTyping(true); }
      else if (data.type === "chunk") { onChunk(data); }
      else if (data.type === "reset") { onReset(data); }
      else if (data.type === "reply") { onReply(data); }
      else if (data.type === "finished") { finish(data.continue_url); }
      else if (data.type === "error") {
        setTyping(false);
        setWaiting(false);
        showNotice(data.message);
        if (data.fatal) { fatal = true; }
      }
    };
    socket.onclose = function () {
      open = false;
      setTyping(false);
      if (fatal || !done.hidden) { return; }
      retries += 1;
      if (retries > 1) { showNotice("Reconnecting… your answers are saved."); }
      window.setTimeout(connect, Math.min(10000, 500 * Math.pow(2, retries - 1)));
    };
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      // Not connected: let the browser post the form (the text alternative).
      if (!open || !socket || socket.readyState !== WebSocket.OPEN) { return; }
      event.preventDefault();
      // Handled here: the page's double-submit guard must not lock the form for a later plain post.
      event.stopPropagation();
      if (waiting) { return; }
      var text = input.value.trim();
      if (!text) { showNotice("Write an answer before sending."); input.focus(); return; }
      if (text.length > 4000) { showNotice("Please keep a message under 4000 characters."); return; }
      showNotice("");
      var turnId = "w-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
      setPending({ turn_id: turnId, text: text });
      append("candidate", turnId, text);
      input.value = "";
      sendTurn(turnId, text);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") { form.requestSubmit(); }
        else { form.dispatchEvent(new Event("submit", { cancelable: true })); }
      }
    });
  }

  if (root.dataset.finished !== "1") { connect(); }
})();
