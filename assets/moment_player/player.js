// The parent's moment player (see index.html). Plays one moment of a film by URL, looped,
// only after a tap (WebKit refuses sound before one, and a muted retry would play silently,
// or in slow motion not at all), at the chosen speed once it is playing, and shows a
// frame-exact still from the server while stepping frame by frame.
(function () {
  "use strict";
  const video = document.getElementById("moment");
  const still = document.getElementById("still");
  const stage = document.getElementById("stage");
  const bigPlay = document.getElementById("bigplay");
  const bubble = document.getElementById("bubble");
  const note = document.getElementById("note");
  const pauseButton = document.getElementById("pause");
  const backButton = document.getElementById("back");
  const onButton = document.getElementById("on");
  const beforeButton = document.getElementById("before");
  const speedButtons = Array.from(document.querySelectorAll("#speeds button"));

  let args = null;
  let rate = 1;
  let leadUp = false; // playing the seconds just before the moment, then on into it
  let stillTime = null; // the time of the still shown in place of the film, if any
  let asked = 0; // the last frame step asked of the server
  let shown = -1; // the last still the server sent that we have handled
  let started = false;
  let stepping = false; // stepping frame by frame: the film stays paused until a play

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function fitHeight() {
    send("streamlit:setFrameHeight", { height: Math.ceil(document.body.scrollHeight) + 4 });
  }

  function viewportHeight() {
    try {
      return window.parent.innerHeight || window.screen.height;
    } catch (error) {
      return window.screen.height; // a parent page we may not read
    }
  }

  function layout() {
    if (!args) { return; }
    const width = document.body.clientWidth;
    const tallest = viewportHeight() * args.height_share;
    stage.style.height = Math.round(Math.min(width / args.aspect, tallest)) + "px";
    fitHeight();
  }

  function say(text) {
    note.textContent = text || "";
    note.style.display = text ? "block" : "none";
  }

  function showBubble(visible) {
    const line = args && args.baby_voice;
    bubble.style.display = visible && line ? "block" : "none";
  }

  function showStill(src, time) {
    still.src = src;
    still.alt = args.words.film;
    still.dataset.time = String(time);
    still.style.display = "block";
    stillTime = time;
  }

  function hideStill() {
    still.style.display = "none";
    stillTime = null;
  }

  function showPlay(first) {
    bigPlay.querySelector(".words").textContent = first ? args.words.play : args.words.play_again;
    bigPlay.setAttribute("aria-label", args.words.play);
    bigPlay.style.display = "flex";
  }

  function play(fromLeadUp) {
    stepping = false;
    leadUp = fromLeadUp && args.lead_start !== null;
    const here = stillTime !== null ? stillTime : video.currentTime;
    hideStill();
    if (leadUp) {
      video.currentTime = args.lead_start;
    } else if (here < args.start - 0.05 || here >= args.end - 0.05) {
      video.currentTime = args.start;
    } else {
      video.currentTime = here;
    }
    // Always with sound: a tap has just happened, so every browser allows it.
    video.muted = false;
    const playing = video.play();
    if (playing && playing.catch) {
      playing.catch(function () { showPlay(true); say(args.words.refused); });
    }
    started = true;
  }

  function keepInTheMoment() {
    const t = video.currentTime;
    if (leadUp) {
      if (t >= args.start) { leadUp = false; say(""); }
      return;
    }
    if (t >= args.end - 0.02 || t < args.start - 0.3) {
      video.currentTime = args.start;
    }
  }

  // Checked every drawn frame while the film plays, and not at all while it is paused: a
  // frame callback that never stops keeps the tablet drawing sixty frames a second for
  // nothing (measured: 15% of a core per idle parent view in Chromium).
  let watching = false;
  function watchLoop() {
    if (video.paused) { watching = false; return; }
    keepInTheMoment();
    window.requestAnimationFrame(watchLoop);
  }

  function startWatching() {
    if (!watching) { watching = true; window.requestAnimationFrame(watchLoop); }
  }

  function chooseRate(value) {
    rate = value;
    speedButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.rate) === rate));
    });
    // Set while playing only: WebKit pauses a slowed film asked to start slow.
    if (!video.paused) { video.playbackRate = rate; }
  }

  function step(frames) {
    const from = stillTime !== null ? stillTime : video.currentTime;
    stepping = true;
    video.pause();
    leadUp = false;
    asked += 1;
    send("streamlit:setComponentValue", {
      value: { step: frames, at: from, ask: asked },
      dataType: "json",
    });
  }

  function label(button, text, name) {
    button.textContent = text;
    if (name) { button.setAttribute("aria-label", name); }
  }

  function firstRender() {
    const w = args.words;
    label(pauseButton, w.pause);
    document.querySelector("#speeds .label").textContent = w.speed;
    document.getElementById("speeds").setAttribute("aria-label", w.speed);
    label(speedButtons[0], w.normal);
    label(speedButtons[1], w.half, w.half_name);
    label(speedButtons[2], w.quarter, w.quarter_name);
    label(backButton, "◀ " + w.frame_back, w.frame_back);
    label(onButton, w.frame_on + " ▶", w.frame_on);
    label(beforeButton, w.just_before);
    beforeButton.style.display = args.lead_start === null ? "none" : "";
    stage.setAttribute("aria-label", w.film);
    bubble.querySelector(".who").textContent = args.baby_says;
    bubble.querySelector(".says").textContent = args.baby_voice ? "“" + args.baby_voice + "”" : "";
    if (args.poster) { video.poster = args.poster; }
    video.src = args.url;
    chooseRate(1);
    showPlay(true);
    showBubble(true);
    // A still sent before this page was (re)loaded belongs to an earlier visit.
    shown = args.still ? args.still.ask : -1;
    asked = Math.max(asked, shown);
    layout();
  }

  function render(newArgs) {
    const first = args === null || args.url !== newArgs.url || args.start !== newArgs.start;
    args = newArgs;
    // The player's own page speaks the parent's language (Urdu runs right to left).
    document.documentElement.lang = args.lang || "en";
    document.documentElement.dir = args.dir || "ltr";
    if (first) { firstRender(); return; }
    if (args.still && args.still.ask === asked && args.still.ask !== shown) {
      shown = args.still.ask;
      showStill(args.still.src, args.still.time);
      video.currentTime = args.still.time;
      showPlay(false);
      showBubble(true);
      say(args.words.still);
    }
    layout();
  }

  video.addEventListener("loadedmetadata", function () {
    if (!started) { video.currentTime = args.start; }
  });
  video.addEventListener("play", function () {
    // WebKitGTK's GStreamer player now and then plays on by itself just after a pause
    // (measured: a "play" event 80-220 ms after a frame step's pause(), with no play() call
    // of ours), so the film would run on behind the still: a frame step keeps it paused.
    if (stepping) { video.pause(); return; }
    startWatching();
  });
  video.addEventListener("playing", function () {
    if (stepping) { return; }
    video.playbackRate = rate;
    bigPlay.style.display = "none";
    showBubble(false);
    say(leadUp ? args.words.playing_just_before : "");
  });
  video.addEventListener("pause", function () {
    if (stillTime === null) { showPlay(false); }
  });
  video.addEventListener("ended", function () {
    video.currentTime = args.start;
    video.play();
  });
  video.addEventListener("timeupdate", function () { if (!video.paused) { keepInTheMoment(); } });
  video.addEventListener("click", function () { if (video.paused) { play(false); } });
  bigPlay.addEventListener("click", function () { play(false); });
  pauseButton.addEventListener("click", function () { video.pause(); });
  backButton.addEventListener("click", function () { step(-1); });
  onButton.addEventListener("click", function () { step(1); });
  beforeButton.addEventListener("click", function () { play(true); });
  speedButtons.forEach(function (b) {
    b.addEventListener("click", function () { chooseRate(Number(b.dataset.rate)); });
  });
  window.addEventListener("resize", layout);
  window.addEventListener("message", function (event) {
    const data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  if (window.ResizeObserver) { new ResizeObserver(fitHeight).observe(document.body); }
  send("streamlit:componentReady", { apiVersion: 1 });
})();
