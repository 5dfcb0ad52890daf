/* Checks a form before it is sent, in the GOV.UK way: an error summary at the
   top, linked to each field with a problem, and a message above each field.
   Without JavaScript the form is sent as it is and the team follows up. */
(function () {
  "use strict";
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  function isEmpty(group) {
    if (group.matches("input, textarea")) { return group.value.trim() === ""; }
    var inputs = group.querySelectorAll("input");
    if (group.classList.contains("form-date")) {
      return Array.prototype.some.call(inputs, function (input) { return input.value.trim() === ""; });
    }
    return !Array.prototype.some.call(inputs, function (input) { return input.checked; });
  }

  function problemWith(field) {
    if (isEmpty(field)) { return field.getAttribute("data-error"); }
    if (field.type === "email" && !EMAIL.test(field.value.trim())) { return field.getAttribute("data-error"); }
    return "";
  }

  function setError(field, message) {
    var name = field.id;
    var group = field.closest(".form-group");
    var error = document.getElementById(name + "-error");
    var described = field.matches("input, textarea") ? field : group.querySelector("fieldset");
    var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== name + "-error";
    });
    group.classList.toggle("form-group--error", Boolean(message));
    error.hidden = !message;
    error.querySelector(".form-error-message__text").textContent = message;
    if (message) { ids.push(name + "-error"); }
    described.setAttribute("aria-describedby", ids.join(" "));
    // A date marks only its empty parts (all three when the date is missing).
    var marked = field.matches("input, textarea") ? [field]
      : field.classList.contains("form-date") ? Array.prototype.filter.call(field.querySelectorAll("input"), function (input) {
        return input.value.trim() === "";
      }) : [];
    field.querySelectorAll("input").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    marked.forEach(function (input) {
      if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
  }

  function firstInput(field) {
    return field.matches("input, textarea") ? field : field.querySelector("input");
  }

  document.querySelectorAll("form.site-form").forEach(function (form) {
    // getAttribute: form.name would be the field called "name", if there is one.
    var summary = document.getElementById(form.getAttribute("name") + "-error-summary");
    form.addEventListener("submit", function (event) {
      var problems = [];
      form.querySelectorAll("[required], [data-required]").forEach(function (field) {
        var message = problemWith(field);
        setError(field, message);
        if (message) { problems.push([firstInput(field).id, message]); }
      });
      var list = summary.querySelector("ul");
      list.textContent = "";
      if (!problems.length) { summary.hidden = true; return; }
      event.preventDefault();
      problems.forEach(function (problem) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + problem[0];
        link.textContent = problem[1];
        link.addEventListener("click", function (click) {
          click.preventDefault();
          document.getElementById(problem[0]).focus();
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      summary.hidden = false;
      summary.focus();
      document.title = "Error: " + document.title.replace(/^Error: /, "");
    });
  });
}());
