// The film picker (see index.html). Sends the chosen file as the body of one PUT to the
// app's upload route, which writes it to disk as it arrives, and tells the page the outcome:
// {upload, name, size} once the whole film is stored, or {refused, name, size} when it was
// not (the page says why in plain words). Cancel aborts the request; the server then deletes
// whatever part had arrived.
(function () {
  "use strict";
  const input = document.getElementById("file");
  const choose = document.getElementById("choose");
  const sending = document.getElementById("sending");
  const bar = document.getElementById("bar");
  const statusLine = document.getElementById("status");
  const cancel = document.getElementById("cancel");

  let args = null;
  let request = null;

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function fitHeight() {
    send("streamlit:setFrameHeight", { height: Math.ceil(document.body.scrollHeight) + 4 });
  }

  function tell(value) {
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function words(name, fileName, percent) {
    return args.words[name].replace("{name}", fileName).replace("{percent}", String(percent));
  }

  function showSending(visible) {
    sending.classList.toggle("shown", visible);
    choose.disabled = visible;
    cancel.hidden = !visible;
    fitHeight();
  }

  function say(text) {
    statusLine.textContent = text;
    sending.classList.add("shown");
    fitHeight();
  }

  function finished(file, outcome) {
    request = null;
    cancel.hidden = true;
    choose.disabled = false;
    tell(Object.assign({ name: file.name, size: file.size }, outcome));
  }

  function upload(file) {
    // The tablet offers the same file again only if the picker is empty.
    input.value = "";
    if (file.size > args.max_bytes) {
      finished(file, { refused: "upload_too_big" });
      return;
    }
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
        finished(file, { upload: answer.upload });
      } else {
        showSending(false);
        finished(file, { refused: answer.refused || "forbidden" });
      }
    };
    request.onerror = function () {
      showSending(false);
      finished(file, { refused: "cut_short" });
    };
    request.onabort = function () {
      request = null;
      bar.value = 0;
      choose.disabled = false;
      cancel.hidden = true;
      say(words("cancelled", file.name, 0));
    };
    bar.value = 0;
    showSending(true);
    say(words("sending", file.name, 0));
    request.send(file);
  }

  function render(newArgs) {
    const first = args === null;
    args = newArgs;
    document.getElementById("label").textContent = args.words.label;
    document.getElementById("help").textContent = args.words.help;
    choose.textContent = args.words.choose;
    cancel.textContent = args.words.cancel;
    if (first) { showSending(false); }
    fitHeight();
  }

  choose.addEventListener("click", function () { input.click(); });
  input.addEventListener("change", function () {
    if (input.files && input.files.length && request === null) { upload(input.files[0]); }
  });
  cancel.addEventListener("click", function () { if (request) { request.abort(); } });
  window.addEventListener("message", function (event) {
    const data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  if (window.ResizeObserver) { new ResizeObserver(fitHeight).observe(document.body); }
  send("streamlit:componentReady", { apiVersion: 1 });
})();
