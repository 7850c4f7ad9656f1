// "Why won't it load": says what keeps the viewer from starting instead of
// leaving a blank page: opened from file:// (this page needs a web server;
// the single-file build netvu-viewer.html does not), a Content-Security-Policy
// that forbids WebAssembly, a server that sends something other than the
// .wasm file, a script that does not load, or no start after a while.
// A classic script that runs before the app's loader, so that it sees its
// errors; the message goes as soon as the app starts.
(() => {
  const GIVE_UP_MS = 20000;
  let started = false;
  let cspForbidsWasm = false;

  const problems = {
    file: ['This page cannot start from a file (file://)',
      'Browsers do not let it load its WebAssembly from disk. Open netvu-viewer.html instead (the single-file ' +
      'build beside it, which works from a file), or serve this folder with any static web server, e.g. ' +
      '"python3 -m http.server" in it, and open http://localhost:8000/.'],
    csp: ['This site\'s Content-Security-Policy forbids WebAssembly',
      'The viewer is WebAssembly: the policy\'s script-src needs \'wasm-unsafe-eval\' (README: "Content-Security-Policy").'],
    wasm: ['The server sent something other than the viewer\'s WebAssembly file',
      'Upload every file of dist/ unchanged and serve .wasm files as they are (ideally as application/wasm): ' +
      'a catch-all page or a rewrite in their place stops the viewer.'],
    script: ['A file of the viewer did not load',
      'Check that every file of dist/ is on the server beside index.html, and that .js files are served as text/javascript.'],
    timeout: [`The viewer has not started after ${GIVE_UP_MS / 1000} s`,
      'The browser\'s console says why.'],
  };

  function reasonOf(cause) {
    const text = String(cause?.message ?? cause ?? '');
    if (cspForbidsWasm || /Content.Security.Policy/i.test(text)) return 'csp';
    // The single-file build sets netvuAssetUrls: it does start from a file.
    if (location.protocol === 'file:' && !('netvuAssetUrls' in window)) return 'file';
    // Chromium: "expected magic word 00 61 73 6d"; Firefox: "failed to match magic number".
    if (/magic (word|number)/i.test(text)) return 'wasm';
    if (cause instanceof HTMLScriptElement) return 'script';
    return cause ? 'other' : 'timeout';
  }

  function fail(cause) {
    if (started) return;
    const reason = reasonOf(cause);
    const [title, help] = problems[reason] ?? ['The viewer could not start', String(cause?.message ?? cause)];
    const detail = reason === 'script' ? ` (${cause.src})` : '';
    const show = () => {
      if (started) return;
      document.querySelector('.load-problem')?.remove();
      const box = document.createElement('div');
      box.className = 'load-problem';
      box.setAttribute('role', 'alert');
      box.dataset.reason = reason;
      const heading = document.createElement('h1');
      heading.textContent = title + detail;
      const advice = document.createElement('p');
      advice.textContent = help;
      box.append(heading, advice);
      document.body.prepend(box);
    };
    if (document.body) show();
    else document.addEventListener('DOMContentLoaded', show);
  }

  addEventListener('TrunkApplicationStarted', () => {
    started = true;
    document.querySelector('.load-problem')?.remove();
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.blockedURI !== 'wasm-eval') return;
    cspForbidsWasm = true;
    fail(event);
  });
  // A script that does not load fires on its element, which does not bubble: captured here.
  addEventListener('error', (event) => {
    if (event.target instanceof HTMLScriptElement) fail(event.target);
    else if (event.error) fail(event.error);
  }, true);
  addEventListener('unhandledrejection', (event) => fail(event.reason));
  setTimeout(() => fail(null), GIVE_UP_MS);
})();
