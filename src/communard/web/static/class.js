// The students' page follows the teacher: the server says on /events (Server-Sent
// Events) when what this student sees has changed, and the page fetches its new
// <main>. Forms post in the background and show the answer in place. Without
// scripts the page still works: forms post and the page reloads.
(() => {
  "use strict";
  const announce = document.getElementById("announce");
  const main = () => document.getElementById("main");

  function swap(html) {
    const old = main();
    const box = document.createElement("div");
    box.innerHTML = html;
    const fresh = box.querySelector("main");
    if (!fresh) return;
    const typed = {};  // answers being typed survive a refresh of the same scene
    old.querySelectorAll("textarea").forEach((area) => { typed[area.name] = area.value; });
    const sameScene = fresh.dataset.scene === old.dataset.scene;
    old.replaceWith(fresh);
    if (sameScene) {
      fresh.querySelectorAll("textarea").forEach((area) => {
        if (typed[area.name]) area.value = typed[area.name];
      });
    }
    const said = fresh.querySelector("[data-say]");
    if (!sameScene) {
      const title = fresh.querySelector("h1");
      if (title) title.focus();
    }
    announce.textContent = said ? said.textContent.trim() : "";
  }

  async function refresh() {
    try {
      const response = await fetch("/?part=main", {cache: "no-store",
                                                   headers: {"X-Fragment": "1"}});
      if (response.ok) swap(await response.text());
    } catch (error) { /* the next event tries again */ }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    const data = new URLSearchParams(new FormData(form));
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const response = await fetch(form.action, {method: "POST", body: data,
                                                 headers: {"X-Fragment": "1"}});
      swap(await response.text());
      if (new URL(form.action).pathname === "/join") listen();
    } catch (error) {
      buttons.forEach((button) => { button.disabled = false; });
      announce.textContent = "The vote did not reach the teacher's computer. Try again.";
    }
  });

  // The stream knows the student by the cookie it was opened with: after joining
  // (the cookie is new) it is opened again, so being let in reaches this page.
  let events = null;
  function listen() {
    if (events) events.close();
    events = new EventSource("/events");
    events.onmessage = (event) => {
      if (event.data !== main().dataset.version) refresh();
    };
  }
  listen();
})();
