// Small behaviours the pages ask for with data- attributes, since the Content-Security-Policy
// allows no inline handlers: print buttons, select-on-click fields, drawings that may be missing.
(() => {
  "use strict";
  const hide = (img) => {
    const target = img.dataset.hideOnError === "parent" ? img.parentElement : img;
    if (target) target.remove();
  };
  document.querySelectorAll("img[data-hide-on-error]").forEach((img) => {
    if (img.complete && img.naturalWidth === 0) hide(img);
    else img.addEventListener("error", () => hide(img), { once: true });
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("[data-select-on-click]").forEach((field) => {
    field.addEventListener("click", () => field.select());
  });
})();
