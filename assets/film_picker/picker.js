// The film picker (see index.html). Sends the chosen file as the body of one PUT to the
// app's upload route, which writes it to disk as it arrives, and tells the page the outcome:
// {upload, name, size} once the whole film is stored, or {refused, name, size} when it was
// not (the page says why in plain words). Each report carries this picker's own id and a
// number; once the page has taken a report up it hands it back as `handled`, and the picker
// is empty again. Cancel aborts the request; the server then deletes what had arrived.
(function () {
  "use strict";
  const input = document.getElementById("file");
  const choose = document.getElementById("choose");
  const sending = document.getElementById("sending");
  const bar = document.getElementById("bar");
  const statusLine = document.getElementById("status");
  const cancel = document.getElementById("cancel");
  // Tells this picker's reports from those of a picker drawn before (another page visit).
  const instance = Math.random().toString(36).slice(2) + Date.now().toString(36);

  let args = null;
  let request = null;
  let reports = 0;
  let awaiting = 0; // the report the page has still to take up, if any
  let waitingFile = null; // a file chosen before the page gave the picker its words

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function fitHeight() {
    send("streamlit:setFrameHeight", { height: Math.ceil(document.body.scrollHeight) + 4 });
  }

  function words(name, fileName, percent) {
    return args.words[name].replace("{name}", fileName).replace("{percent}", String(percent));
  }

  function say(text) {
    statusLine.textContent = text;
    sending.classList.toggle("shown", Boolean(text));
    fitHeight();
  }

  function empty() {
    bar.value = 0;
    cancel.hidden = true;
    choose.disabled = false;
    say("");
  }

  function report(file, outcome) {
    request = null;
    cancel.hidden = true;
    reports += 1;
    awaiting = reports;
    send("streamlit:setComponentValue", {
      value: Object.assign({ name: file.name, size: file.size, instance: instance, n: reports },
        outcome),
      dataType: "json",
    });
  }

  function refuse(file, reason) {
    empty();
    report(file, { refused: reason });
  }

  function upload(file) {
    // The tablet offers the same file again only if the picker is empty.
    input.value = "";
    if (file.size > args.max_bytes) {
      refuse(file, "upload_too_big");
      return;
    }
    choose.disabled = true;
    cancel.hidden = false;
    bar.value = 0;
    say(words("sending", file.name, 0));
    request = new XMLHttpRequest();
    request.open("PUT", args.url);
    request.setRequestHeader("X-Film-Name", encodeURIComponent(file.name));
    request.setRequestHeader("X-Upload-Ticket", args.ticket);
    request.upload.onprogress = function (event) {
      const percent = event.lengthComputable ? Math.floor((event.loaded / event.total) * 100) : 0;
      bar.value = percent;
      say(words("sending", file.name, percent));
    };
    request.onload = function () {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 201 && answer.upload) {
        bar.value = 100;
        say(words("arrived", file.name, 100));
        report(file, { upload: answer.upload });
      } else {
        refuse(file, answer.refused || "forbidden");
      }
    };
    request.onerror = function () { refuse(file, "cut_short"); };
    request.onabort = function () {
      request = null;
      empty();
      say(words("cancelled", file.name, 0));
    };
    request.send(file);
  }

  function render(newArgs) {
    args = newArgs;
    document.getElementById("label").textContent = args.words.label;
    document.getElementById("help").textContent = args.words.help;
    choose.textContent = args.words.choose;
    cancel.textContent = args.words.cancel;
    const handled = args.handled;
    if (awaiting && handled && handled.instance === instance && handled.n === awaiting) {
      awaiting = 0;
      if (request === null) { empty(); }
    }
    if (request === null && !awaiting) { choose.disabled = false; }
    if (waitingFile) {
      const file = waitingFile;
      waitingFile = null;
      upload(file);
    }
    fitHeight();
  }

  choose.addEventListener("click", function () { input.click(); });
  input.addEventListener("change", function () {
    if (!input.files || !input.files.length || request !== null) { return; }
    if (args === null) { waitingFile = input.files[0]; } else { upload(input.files[0]); }
  });
  cancel.addEventListener("click", function () { if (request) { request.abort(); } });
  window.addEventListener("message", function (event) {
    const data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  if (window.ResizeObserver) { new ResizeObserver(fitHeight).observe(document.body); }
  send("streamlit:componentReady", { apiVersion: 1 });
})();
