// Offline and installable: registers the service worker (sw.js, its list of
// the app's files written at build time by scripts/post-build/precache.mjs)
// that keeps the app for use with no network, and hands the files an
// installed app is opened with (File Handling API: file_handlers in
// manifest.webmanifest) to the page's first viewer. Only where served:
// file:// has no service workers (the single-file build leaves this out).
(() => {
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js')
      .catch((error) => console.warn('the viewer will not work offline:', error));
  }
  if (!('launchQueue' in window)) return;

  const started = new Promise((resolve) => addEventListener('TrunkApplicationStarted', resolve, { once: true }));
  const firstViewer = async () => {
    let viewer;
    while (!(viewer = document.querySelector('[data-netvu-viewer] .app'))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return viewer;
  };
  launchQueue.setConsumer(async ({ files }) => {
    if (!files?.length) return;
    const opened = await Promise.all(files.map((handle) => handle.getFile()));
    await started;
    // Handed over as a drop: the viewer opens the files dropped together as one set.
    const transfer = new DataTransfer();
    for (const file of opened) transfer.items.add(file);
    const viewer = await firstViewer();
    for (const type of ['dragenter', 'dragover', 'drop']) {
      viewer.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  });
})();
