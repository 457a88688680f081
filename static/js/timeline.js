// The timeline schedule editor (templates/rotation/timeline.html): drag a session block to
// another time or room, drag its lower edge to change its end, drop a topic to schedule it, or
// do the same with the keyboard. interact.js (static/vendor) does the pointer work. Every
// proposal is checked by the server (the scheduling service that saves, in a transaction it
// rolls back) and its conflicts or warnings are shown on the block before anything is saved;
// saving checks again. Placement is by the CSS classes tl-at-N / tl-span-N (no style attributes,
// which the Content-Security-Policy forbids); while dragging, interact's transform is set through
// the CSSOM, which the policy allows.
(() => {
  "use strict";
  const SLOT = 15; // minutes per grid row
  let board; // #timeline
  let lastSaved = null; // {title, url, data} to post back for undo, or {title, cancelUrl}
  let checkSequence = 0;

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const pad = (n) => String(n).padStart(2, "0");
  const toMinutes = (hhmm) => {
    const [hours, minutes] = hhmm.split(":").map(Number);
    return hours * 60 + minutes;
  };
  const toTime = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const csrfToken = () => JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  const firstMinute = () => Number(board.dataset.firstMinute);
  const rowCount = () => Number(board.dataset.rows);
  const slotHeight = () => {
    const column = $(".tl-column", board);
    return column ? column.getBoundingClientRect().height / rowCount() : 16;
  };

  function announce(text, kind = "") {
    const status = $("#tl-status");
    status.className = `tl-status${kind ? ` is-${kind}` : ""}`;
    status.textContent = text;
  }

  // --- Proposals: {day, room, start, end} with start and end in minutes after midnight -------
  function original(block) {
    return {
      day: block.dataset.day,
      room: block.dataset.room,
      start: toMinutes(block.dataset.start),
      end: toMinutes(block.dataset.end),
    };
  }

  const same = (a, b) =>
    a.day === b.day && a.room === b.room && a.start === b.start && a.end === b.end;

  const asForm = (proposal) => ({
    day: proposal.day,
    start: toTime(proposal.start),
    end: toTime(proposal.end),
    room: proposal.room,
  });

  function column(day, room) {
    return $$(".tl-column", board).find((c) => c.dataset.day === day && c.dataset.room === room);
  }

  function fitsTheAxis(proposal) {
    const top = firstMinute();
    return proposal.start >= top && proposal.end <= top + rowCount() * SLOT &&
      proposal.end > proposal.start;
  }

  function setPlacement(block, proposal) {
    const row = (proposal.start - firstMinute()) / SLOT + 1;
    const span = Math.max(1, Math.ceil((proposal.end - proposal.start) / SLOT));
    for (const name of Array.from(block.classList)) {
      if (/^tl-(at|span)-\d+$/.test(name)) block.classList.remove(name);
    }
    block.classList.add(`tl-at-${row}`, `tl-span-${span}`);
  }

  // Show a proposal on a block (or a dragged topic): its time, then what the server says of it.
  function propose(element, proposal) {
    element._proposal = proposal;
    const time = $(".tl-time", element);
    if (time) time.textContent = `${toTime(proposal.start)}–${toTime(proposal.end)}`;
    const changed = element.dataset.session ? !same(proposal, original(element)) : true;
    element.classList.toggle("is-proposed", changed);
    clearTimeout(element._checkTimer);
    if (!changed) {
      note(element, "", "");
      return;
    }
    element._checkTimer = setTimeout(() => check(element, proposal), 200);
  }

  function note(element, text, kind) {
    element.classList.toggle("is-conflict", kind === "conflict");
    element.classList.toggle("is-warning", kind === "warning");
    $(".tl-note", element).textContent = text;
  }

  async function check(element, proposal) {
    const sequence = ++checkSequence;
    const params = new URLSearchParams(asForm(proposal));
    if (element.dataset.session) params.set("session", element.dataset.session);
    else params.set("topic", element.dataset.topic);
    const response = await fetch(`${board.dataset.checkUrl}?${params}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await response.json();
    if (sequence !== checkSequence || element._proposal !== proposal) return; // stale
    const place = describe(proposal);
    if (answer.refusals.length) {
      note(element, `Conflict: ${answer.refusals.join(" ")}`, "conflict");
      announce(`${place}: not possible. ${answer.refusals.join(" ")}`, "conflict");
    } else if (answer.warnings.length) {
      note(element, `⚠ ${answer.warnings.join(" ")}`, "warning");
      announce(`${place}: possible, with warnings. ${answer.warnings.join(" ")}`, "warning");
    } else {
      note(element, "Free: Enter or drop to save.", "");
      announce(`${place}: free.`);
    }
  }

  function describe(proposal) {
    const lane = column(proposal.day, proposal.room);
    const room = lane ? lane.dataset.roomName : "no room yet";
    const day = new Date(`${proposal.day}T12:00:00`).toLocaleDateString("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
    });
    return `${day}, ${toTime(proposal.start)}–${toTime(proposal.end)}, ${room}`;
  }

  // --- Saving, undo and reloading the board ---------------------------------------------------
  async function post(url, data) {
    const body = new FormData();
    for (const [key, value] of Object.entries(data)) body.append(key, value);
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    });
    return response.json();
  }

  async function save(block, proposal) {
    clearTimeout(block._checkTimer);
    checkSequence++;
    if (same(proposal, original(block))) return;
    const answer = await post(block.dataset.url, asForm(proposal));
    if (!answer.saved) {
      putBack(block);
      note(block, `Not saved: ${answer.refusals.join(" ")}`, "conflict");
      announce(`“${block.dataset.title}” not saved: ${answer.refusals.join(" ")}`, "conflict");
      block.focus();
      return;
    }
    lastSaved = { title: block.dataset.title, url: block.dataset.url, data: answer.previous };
    await saved(answer, `block-${answer.session}`);
  }

  async function scheduleTopic(topic, proposal) {
    const answer = await post(topic.dataset.url, asForm(proposal));
    if (!answer.saved) {
      note(topic, `Not saved: ${answer.refusals.join(" ")}`, "conflict");
      announce(`Not saved: ${answer.refusals.join(" ")}`, "conflict");
      return;
    }
    lastSaved = {
      title: $(".tl-topic-title", topic).textContent,
      cancelUrl: board.dataset.cancelUrl.replace("/0/", `/${answer.session}/`),
    };
    await saved(answer, `block-${answer.session}`);
  }

  async function saved(answer, focusId) {
    const warnings = answer.warnings.length ? ` Warning: ${answer.warnings.join(" ")}` : "";
    await reload(focusId);
    announce(`${answer.message}${warnings}`, answer.warnings.length ? "warning" : "");
    const undo = $("#tl-undo");
    if (undo && lastSaved) {
      undo.hidden = false;
      undo.disabled = false;
      undo.textContent = `Undo: “${lastSaved.title}”`;
    }
  }

  async function undo() {
    if (!lastSaved) return;
    const action = lastSaved;
    lastSaved = null;
    $("#tl-undo").disabled = true;
    if (action.cancelUrl) {
      await fetch(action.cancelUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      await reload(null);
      announce(`Undone: “${action.title}” is no longer scheduled (cancelled).`);
      return;
    }
    const id = action.url.match(/sessions\/(\d+)\//)[1];
    const answer = await post(action.url, action.data);
    await reload(`block-${id}`);
    if (answer.saved) announce(`Undone: ${answer.message}`);
    else announce(`Could not undo: ${answer.refusals.join(" ")}`, "conflict");
  }

  async function reload(focusId) {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("timeline");
    const open = $("details.tl-help", board)?.open;
    board.replaceWith(fresh);
    board = fresh;
    const help = $("details.tl-help", board);
    if (help) help.open = Boolean(open);
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function putBack(block) {
    clearTimeout(block._checkTimer); // nothing left to check: no request after the block is back
    checkSequence++;
    const home = original(block);
    const lane = column(home.day, home.room);
    if (lane && block.parentElement !== lane) lane.appendChild(block);
    setPlacement(block, home);
    block._proposal = null;
    block.classList.remove("is-proposed");
    const time = $(".tl-time", block);
    if (time) time.textContent = `${block.dataset.start}–${block.dataset.end}`;
  }

  // --- Pointer: interact.js -------------------------------------------------------------------
  function laneAt(x, y) {
    return document.elementsFromPoint(x, y).find((el) => el.classList.contains("tl-column"));
  }

  function highlight(lane) {
    for (const other of $$(".tl-column.is-target", board)) {
      if (other !== lane) other.classList.remove("is-target");
    }
    if (lane) lane.classList.add("is-target");
  }

  function startDrag(event) {
    event.target.classList.add("is-dragging");
    event.target._drag = { x: 0, y: 0 };
  }

  function endDrag(element) {
    element.classList.remove("is-dragging");
    element.style.transform = "";
    highlight(null);
  }

  function setupPointer() {
    if (!window.interact) return;
    interact(".tl-block.is-movable")
      .draggable({
        listeners: {
          start: startDrag,
          move(event) {
            const block = event.target;
            const drag = block._drag;
            drag.x += event.dx;
            drag.y += event.dy;
            const height = slotHeight();
            const slots = Math.round(drag.y / height);
            block.style.transform = `translate(${drag.x}px, ${slots * height}px)`;
            const home = original(block);
            const proposal = {
              ...home,
              start: home.start + slots * SLOT,
              end: home.end + slots * SLOT,
            };
            const lane = laneAt(event.client.x, event.client.y);
            if (lane) Object.assign(proposal, { day: lane.dataset.day, room: lane.dataset.room });
            highlight(lane);
            if (!block._proposal || !same(block._proposal, proposal)) propose(block, proposal);
          },
          end(event) {
            const block = event.target;
            endDrag(block);
            const proposal = block._proposal;
            if (proposal && fitsTheAxis(proposal)) {
              const lane = column(proposal.day, proposal.room);
              if (lane) lane.appendChild(block);
              setPlacement(block, proposal);
              save(block, proposal);
            } else {
              putBack(block);
            }
          },
        },
      })
      .resizable({
        edges: { bottom: ".tl-resize" },
        listeners: {
          move(event) {
            const block = event.target;
            const height = slotHeight();
            const span = Math.max(1, Math.round(event.rect.height / height));
            block.style.height = `${span * height - 2}px`;
            const home = original(block);
            const proposal = { ...home, end: home.start + span * SLOT };
            if (!block._proposal || !same(block._proposal, proposal)) propose(block, proposal);
          },
          end(event) {
            const block = event.target;
            block.style.height = "";
            const proposal = block._proposal;
            if (proposal && fitsTheAxis(proposal)) {
              setPlacement(block, proposal);
              save(block, proposal);
            } else {
              putBack(block);
            }
          },
        },
      });

    interact(".tl-topic.is-movable").draggable({
      ignoreFrom: "details",
      listeners: {
        start: startDrag,
        move(event) {
          const topic = event.target;
          const drag = topic._drag;
          drag.x += event.dx;
          drag.y += event.dy;
          topic.style.transform = `translate(${drag.x}px, ${drag.y}px)`;
          const lane = laneAt(event.client.x, event.client.y);
          highlight(lane);
          if (!lane) {
            topic._proposal = null;
            note(topic, "", "");
            return;
          }
          const height = slotHeight();
          const top = lane.getBoundingClientRect().top;
          const slot = Math.max(0, Math.floor((event.client.y - top) / height));
          const start = firstMinute() + slot * SLOT;
          const proposal = { day: lane.dataset.day, room: lane.dataset.room, start, end: start + 60 };
          if (!topic._proposal || !same(topic._proposal, proposal)) propose(topic, proposal);
        },
        end(event) {
          const topic = event.target;
          endDrag(topic);
          const proposal = topic._proposal;
          topic._proposal = null;
          if (proposal && fitsTheAxis(proposal)) scheduleTopic(topic, proposal);
        },
      },
    });
  }

  // --- Keyboard -------------------------------------------------------------------------------
  function neighbour(block, proposal, step) {
    const lanes = $$(".tl-column", board);
    const here = column(proposal.day, proposal.room);
    const next = lanes[lanes.indexOf(here) + step];
    return next && next.dataset.day === proposal.day ? next : null;
  }

  function otherDay(proposal, step) {
    const days = [...new Set($$(".tl-column", board).map((lane) => lane.dataset.day))];
    const day = days[days.indexOf(proposal.day) + step];
    if (!day) return null;
    return column(day, proposal.room) || $$(".tl-column", board).find((l) => l.dataset.day === day);
  }

  function onKey(event) {
    if (event.target.closest("input, select, textarea, summary, button, a")) return;
    if (event.key === "u" || event.key === "U" || (event.key === "z" && event.ctrlKey)) {
      if (lastSaved) {
        event.preventDefault();
        undo();
      }
      return;
    }
    const block = event.target.closest(".tl-block.is-movable");
    if (!block || event.target !== block) return;
    const proposal = { ...(block._proposal || original(block)) };
    let lane = null;
    switch (event.key) {
      case "ArrowUp":
      case "ArrowDown": {
        const step = event.key === "ArrowUp" ? -SLOT : SLOT;
        if (!event.shiftKey) proposal.start += step;
        proposal.end += step;
        break;
      }
      case "ArrowLeft":
      case "ArrowRight":
        lane = neighbour(block, proposal, event.key === "ArrowLeft" ? -1 : 1);
        break;
      case "PageUp":
      case "PageDown":
        lane = otherDay(proposal, event.key === "PageUp" ? -1 : 1);
        break;
      case "Enter":
        event.preventDefault();
        if (block._proposal) save(block, block._proposal);
        return;
      case "Escape":
        event.preventDefault();
        putBack(block);
        note(block, "", "");
        announce(`“${block.dataset.title}” is back where it was.`);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (lane) Object.assign(proposal, { day: lane.dataset.day, room: lane.dataset.room });
    if (!fitsTheAxis(proposal)) return;
    const target = column(proposal.day, proposal.room);
    if (!target) return;
    if (block.parentElement !== target) target.appendChild(block);
    setPlacement(block, proposal);
    block.focus();
    propose(block, proposal);
    announce(`${describe(proposal)}: checking…`);
  }

  document.addEventListener("DOMContentLoaded", () => {
    board = document.getElementById("timeline");
    if (!board) return;
    setupPointer();
    document.addEventListener("keydown", onKey);
    $("#tl-undo")?.addEventListener("click", undo);
  });
})();
