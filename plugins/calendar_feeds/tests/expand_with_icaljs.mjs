// Reads iCalendar files with Mozilla's ical.js (the parser Thunderbird uses) and
// prints what it understood as JSON, for test_icaljs.py to compare with Python.
//
//   node expand_with_icaljs.mjs occurrences FILE FROM TO
//     -> [{uid, start, end, status, summary, description, location}] for every occurrence starting in
//        [FROM, TO) (ISO dates); timed start/end as UTC ISO instants, all-day as
//        "YYYY-MM-DD". Uses only the VTIMEZONEs inside FILE, never system zones.
//   node expand_with_icaljs.mjs instants FILE LOCAL...
//     -> {tzid: [{local, instant}]} for each VTIMEZONE in FILE: the UTC instant it
//        gives each local wall time (YYYY-MM-DDTHH:MM:SS), as for an event's DTSTART.
//        (Not the other way: ical.js converts UTC to local by looking up the offset
//        of the UTC wall time, which is an hour out near changes whatever the file.)
//   node expand_with_icaljs.mjs outline FILE
//     -> {properties: [name], components: [name]}: the VCALENDAR's own properties and
//        the components directly inside it, as ical.js reads them.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [mode, file, ...rest] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));

const zones = new Map();
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  zones.set(zone.tzid, zone);
  ICAL.TimezoneService.register(vtimezone);
}

function asJson(time) {
  if (time.isDate) return time.toString();
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

function occurrences(from, to) {
  const start = ICAL.Time.fromDateString(from);
  const end = ICAL.Time.fromDateString(to);
  const masters = new Map();
  const exceptions = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    if (vevent.hasProperty("recurrence-id")) exceptions.push(vevent);
    else masters.set(vevent.getFirstPropertyValue("uid"), new ICAL.Event(vevent));
  }
  for (const vevent of exceptions) {
    const master = masters.get(vevent.getFirstPropertyValue("uid"));
    if (!master) throw new Error(`RECURRENCE-ID without its event: ${vevent.getFirstPropertyValue("uid")}`);
    master.relateException(new ICAL.Event(vevent));
  }
  const found = [];
  for (const [uid, event] of masters) {
    const iterator = event.iterator();
    // Occurrences come in order of their original start (RECURRENCE-ID).
    for (let next = iterator.next(); next && next.compare(end) < 0; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      if (details.startDate.compare(start) < 0 || details.startDate.compare(end) >= 0) continue;
      found.push({
        uid,
        start: asJson(details.startDate),
        end: asJson(details.endDate),
        status: details.item.component.getFirstPropertyValue("status") || "",
        summary: details.item.summary,
        description: details.item.description,
        location: details.item.location || "",
      });
    }
  }
  return found;
}

function instants(localTimes) {
  const result = {};
  for (const [tzid, zone] of zones) {
    result[tzid] = localTimes.map((local) => {
      const time = ICAL.Time.fromDateTimeString(local);
      time.zone = zone;
      return { local, instant: asJson(time) };
    });
  }
  return result;
}

function outline() {
  return {
    properties: root.getAllProperties().map((property) => property.name),
    components: root.getAllSubcomponents().map((component) => component.name),
  };
}

if (mode === "outline") {
  console.log(JSON.stringify(outline()));
} else if (mode === "occurrences") {
  console.log(JSON.stringify(occurrences(rest[0], rest[1])));
} else if (mode === "instants") {
  console.log(JSON.stringify(instants(rest)));
} else {
  console.error("usage: expand_with_icaljs.mjs occurrences FILE FROM TO | instants FILE LOCAL... | outline FILE");
  process.exit(2);
}
