/* The search page's own interface over Pagefind's JavaScript API
   (https://pagefind.app/docs/api/): a labelled box, results as a list of
   links with an excerpt, the number of results announced politely once
   typing pauses, and filters (content type, access, attendance, organiser)
   as checkboxes. Nothing is fetched from another site. */

const FILTERS = [
  ["type", "Type of content"],
  ["access", "Access"],
  ["attendance", "How to take part"],
  ["organiser", "Organiser"],
];
const PAUSE_MS = 300;

const root = document.getElementById("search");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
let pagefind;
let allCounts = {};
let searchNumber = 0;
let timer;

function selectedFilters() {
  const chosen = {};
  for (const box of filterBox.querySelectorAll("input:checked")) {
    (chosen[box.name] = chosen[box.name] || []).push(box.value);
  }
  const filters = {};
  for (const [name, values] of Object.entries(chosen)) {
    filters[name] = { any: values };  // any of the ticked values of one filter; all filters at once
  }
  return filters;
}

/* Pagefind's excerpt is text with <mark> around the matched words: copy
   only its text and its <mark> elements into the page. */
function excerptInto(element, excerpt) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body;
  for (const node of parsed.querySelectorAll("p > *, p")) {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        element.append(child.textContent);
      } else if (child.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = child.textContent;
        element.append(mark);
      }
    }
    break;
  }
}

function describe(count, term) {
  const what = term ? ` for “${term}”` : "";
  const filters = filterBox.querySelectorAll("input:checked").length;
  const filtered = filters ? ` with ${filters} filter${filters === 1 ? "" : "s"}` : "";
  if (count === 0) return `No results${what}${filtered}. Try other words or fewer filters.`;
  return `${count} result${count === 1 ? "" : "s"}${what}${filtered}.`;
}

async function runSearch() {
  const number = ++searchNumber;
  const term = input.value.trim();
  const filters = selectedFilters();
  if (!term && !Object.keys(filters).length) {
    results.textContent = "";
    status.textContent = "";
    showCounts(allCounts);
    return;
  }
  const search = await pagefind.search(term || null, { filters });
  const found = await Promise.all(search.results.slice(0, 30).map((result) => result.data()));
  if (number !== searchNumber) return;  // a newer search has started
  results.textContent = "";
  for (const data of found) {
    const item = document.createElement("li");
    item.className = "search-results__item";
    const heading = document.createElement("h2");
    heading.className = "heading-m search-results__title";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const type = (data.filters.type || [])[0];
    const excerpt = document.createElement("p");
    excerpt.className = "search-results__excerpt";
    excerptInto(excerpt, data.excerpt);
    item.append(heading);
    if (type) {
      const kind = document.createElement("p");
      kind.className = "search-results__type";
      kind.textContent = type;
      item.append(kind);
    }
    item.append(excerpt);
    results.append(item);
  }
  status.textContent = describe(search.results.length, term);
  showCounts(search.filters);
}

/* Each filter says how many of the current results it would keep, so that
   "Event (12)" beside "6 results" does not leave the visitor wondering. */
function showCounts(counts) {
  for (const box of filterBox.querySelectorAll("input")) {
    const count = (counts[box.name] || {})[box.value] || 0;
    box.labels[0].textContent = `${box.value} (${count})`;
  }
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(runSearch, PAUSE_MS);
}

async function drawFilters() {
  const available = await pagefind.filters();
  allCounts = available;
  for (const [name, legendText] of FILTERS) {
    const values = Object.keys(available[name] || {}).sort();
    if (!values.length) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "form-fieldset search__filter";
    const legend = document.createElement("legend");
    legend.className = "form-fieldset__legend search__legend";
    legend.textContent = legendText;
    fieldset.append(legend);
    values.forEach((value, index) => {
      const row = document.createElement("div");
      row.className = "form-choices__item";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-choices__input";
      box.name = name;
      box.value = value;
      box.id = `filter-${name}-${index}`;
      const label = document.createElement("label");
      label.className = "form-label form-choices__label";
      label.htmlFor = box.id;
      label.textContent = `${value} (${available[name][value]})`;
      box.addEventListener("change", runSearch);
      row.append(box, label);
      fieldset.append(row);
    });
    filterBox.append(fieldset);
  }
}

async function start() {
  // Relative to the page, not to this script (which import() would use).
  pagefind = await import(new URL(root.dataset.pagefind, document.baseURI).href);
  await pagefind.options({ baseUrl: root.dataset.baseUrl || "/", excerptLength: 30 });
  await pagefind.init();
  await drawFilters();
  // Same width as the two-column layout in forms.css.
  if (!window.matchMedia("(min-width: 48em)").matches) {
    document.getElementById("search-filters-panel").open = false;
  }
  input.addEventListener("input", later);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { clearTimeout(timer); runSearch(); }
  });
  // Shown only once it works: until then the page keeps its no-JavaScript message.
  document.getElementById("search-no-js").hidden = true;
  root.hidden = false;
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; await runSearch(); }
}

start();
