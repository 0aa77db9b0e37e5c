// The program builder: show only the fields of the chosen "How often" for each exercise.
// Without this script every field shows, and the server reads only those of the chosen kind.
(() => {
  "use strict";
  const show = (select) => {
    const id = select.dataset.frequency;
    document.querySelectorAll("[data-for][data-kinds]").forEach((field) => {
      if (field.dataset.for !== id) return;
      field.hidden = !field.dataset.kinds.split(" ").includes(select.value);
    });
  };
  document.querySelectorAll("select[data-frequency]").forEach((select) => {
    show(select);
    select.addEventListener("change", () => show(select));
  });
})();
