// Live preview of the candidate landing header while an owner edits the branding form.
(function () {
  "use strict";
  var form = document.getElementById("branding-form");
  var preview = document.getElementById("brand-preview");
  if (!form || !preview) return;
  var minContrast = parseFloat(preview.dataset.minContrast || "4.5");
  var HEX = /^#[0-9a-f]{6}$/i;

  function expand(value) {
    value = value.trim();
    if (/^#[0-9a-f]{3}$/i.test(value)) {
      value = "#" + value[1] + value[1] + value[2] + value[2] + value[3] + value[3];
    }
    return HEX.test(value) ? value.toLowerCase() : null;
  }

  // WCAG 2.1 relative luminance and contrast, as the server computes them (orgs/branding.py).
  function luminance(hex) {
    var parts = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2];
  }
  function contrastWithWhite(hex) {
    return 1.05 / (luminance(hex) + 0.05);
  }

  function update(input) {
    var color = expand(input.value);
    var note = document.querySelector('[data-contrast-for="' + input.id + '"]');
    var picker = document.querySelector('[data-color-for="' + input.id + '"]');
    if (!color) {
      if (note) { note.textContent = "Enter a colour as #rrggbb."; note.className = "contrast fail"; }
      return;
    }
    if (picker) picker.value = color;
    var cssVar = input.name === "primary_color" ? "--brand-primary" : "--brand-accent";
    preview.style.setProperty(cssVar, color);
    if (note) {
      var ratio = contrastWithWhite(color);
      var ok = ratio >= minContrast;
      note.textContent = "Contrast with white text: " + ratio.toFixed(2) + ":1 — " +
        (ok ? "meets WCAG AA." : "too low; needs " + minContrast + ":1. Choose a darker colour.");
      note.className = "contrast " + (ok ? "pass" : "fail");
    }
  }

  ["primary_color", "accent_color"].forEach(function (name) {
    var input = form.elements[name];
    if (!input) return;
    input.addEventListener("input", function () { update(input); });
    update(input);
    var picker = document.querySelector('[data-color-for="' + input.id + '"]');
    if (picker) {
      picker.addEventListener("input", function () { input.value = picker.value; update(input); });
    }
  });

  var welcome = form.elements.welcome_message;
  var welcomeOut = document.getElementById("preview-welcome");
  if (welcome && welcomeOut) {
    welcome.addEventListener("input", function () { welcomeOut.textContent = welcome.value; });
  }

  var logo = form.elements.logo;
  var logoOut = document.getElementById("preview-logo");
  if (logo && logoOut) {
    logo.addEventListener("change", function () {
      var file = logo.files && logo.files[0];
      if (!file || !/^image\/(png|jpeg|webp)$/.test(file.type)) return;
      logoOut.src = URL.createObjectURL(file);
      logoOut.hidden = false;
    });
  }
})();
