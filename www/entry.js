// Which package this page loads, chosen before anything else so that its download starts at once
// (a classic script in <head>: it runs as soon as it arrives, before the modules): the full package
// (`pkg/`, every capability), or — for an entry URL of one flow (`#/tiers`, `#/contact`, …) outside
// kiosk mode, when the build has flow packages (`cargo xtask pkg --flows` lists them in
// `pkg/flows.js`) — the smallest package that serves that flow, `pkg/flows/<flow>/` (the documents
// core and that capability; the shell then offers just the screens it serves). The kiosk always
// loads the full package. `app.js` awaits `globalThis.frontdeskPackage`: `{ module, dir }`. The
// screens that package serves start downloading at the same time (`shell.preloadScreens`).
(function () {
  const SCREENS = ["documents", "precheck", "tiers", "questionnaire", "contact", "calendar"];
  const params = new URLSearchParams(location.search);
  const flow = location.hash.replace(/^#\//, "");

  function preloadWasm(dir) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.type = "application/wasm";
    link.crossOrigin = "anonymous";
    link.href = `${dir}frontdesk_bg.wasm`;
    document.head.append(link);
  }

  const kiosk = params.get("mode") === "kiosk";
  const full = kiosk || !SCREENS.includes(flow);
  if (full) preloadWasm("./pkg/");
  // Only an entry URL for one flow asks which flows have a package (a package built before flow
  // packages existed has no flows.js: the full one).
  const dir = full
    ? Promise.resolve("./pkg/")
    : import("./pkg/flows.js").then(
        ({ FLOWS = [] }) => (FLOWS.includes(flow) ? `./pkg/flows/${flow}/` : "./pkg/"),
        () => "./pkg/",
      );
  globalThis.frontdeskPackage = dir.then((d) => {
    if (!full) preloadWasm(d);
    const fullPackage = () => import("./pkg/frontdesk.js").then((module) => ({ module, dir: "./pkg/" }));
    // A flow's package that does not come (offline, and this flow never opened here before: the
    // service worker has the full one) gives way to the full package.
    return import(`${d}frontdesk.js`).then((module) => ({ module, dir: d }), (e) => (d === "./pkg/" ? Promise.reject(e) : fullPackage()));
  });
  // app.js reports a failure; nothing is unhandled here.
  globalThis.frontdeskPackage.catch(() => {});
  // The screens the page will show download beside the package, not after it (the shell loads only
  // those the package serves: a flow's package serves two or three of the ten).
  dir
    .then((d) => import("./shell.js").then((shell) => shell.preloadScreens({ flow: d === "./pkg/" ? null : flow, kiosk })))
    .catch(() => {});
})();
