// Click-to-load videos (shortcodes/video.html): the page asks nothing of the video's host until
// the reader presses play; then the player's frame takes the place of the button, and starts.
(function () {
  "use strict";
  document.querySelectorAll("figure.video[data-video-player]").forEach(function (figure) {
    var frame = figure.querySelector(".video-frame");
    var button = frame && frame.querySelector(".video-play");
    if (!button) return;
    // Without this script the frame stays hidden and the link under it is the way to watch.
    frame.hidden = false;
    button.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.src = figure.getAttribute("data-video-player");
      player.title = figure.getAttribute("data-video-title") || "";
      player.allow = "autoplay; encrypted-media; picture-in-picture";
      player.setAttribute("allowfullscreen", "");
      player.referrerPolicy = "strict-origin-when-cross-origin";
      frame.replaceChildren(player);
      player.focus();
    });
  });
})();
