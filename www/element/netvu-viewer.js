// <netvu-viewer src="recording.par" layout="2x2" camera="3" time="2024-03-15T10:20:30Z" controls>:
// the viewer as an element, for any page of the same origin as this file,
// with one <script src=".../netvu-viewer.js"> (classic or module). Each
// element is a viewer of its own, in its own shadow root (the page's styles
// and the viewer's do not mix); attributes can change at any time; it
// dispatches `open`, `load`, `frame` and `error` events, their `detail` the
// embedding protocol's message (core::embed::protocol); removed from the
// page, it ends its workers. The post-build step (scripts/post-build/
// element.mjs) writes this file into dist/ with the build's file names.
(() => {
  const GLUE = '__VIEWER_GLUE__';
  const WASM = '__VIEWER_WASM__';
  const STYLE = '__VIEWER_STYLE__';
  const WORKERS = ['indexer-loader.js', 'mpeg4-decoder-loader.js', 'h264-decoder-loader.js'];
  const OPTIONS = ['src', 'layout', 'camera', 'time', 'controls', 'allow', 'sha256'];

  // Where this script is: the viewer's files are beside it (a module script has no currentScript).
  const script = document.currentScript ?? document.querySelector('script[src$="netvu-viewer.js"]');
  const base = new URL('.', script?.src ?? location.href).href;
  // The workers start from beside this script, not beside the page (src/platform/assets.rs).
  window.netvuAssetUrls = Object.fromEntries(WORKERS.map((name) => [name, base + name]));
  let glue = null;
  const started = import(base + GLUE).then(async (module) => {
    await module.default({ module_or_path: base + WASM });
    glue = module;
  });

  class NetvuViewer extends HTMLElement {
    static get observedAttributes() {
      return OPTIONS;
    }

    connectedCallback() {
      if (this.viewer || this.shadowRoot?.childElementCount) return;
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = base + STYLE;
      const root = document.createElement('div');
      root.className = 'netvu-root';
      shadow.append(style, root);
      started.then(() => {
        if (!this.isConnected) return;
        const attributes = OPTIONS.filter((name) => this.hasAttribute(name)).map((name) => [name, this.getAttribute(name)]);
        this.viewer = glue.mountElement(root, attributes, (type, detail) => this.dispatchEvent(new CustomEvent(type, { detail })));
      }, (error) => this.dispatchEvent(new CustomEvent('error', { detail: { code: 'unreadable', message: `the viewer could not start: ${error}` } })));
    }

    disconnectedCallback() {
      this.viewer?.destroy();
      this.viewer = null;
      this.shadowRoot?.replaceChildren();
    }

    attributeChangedCallback(name, old, value) {
      if (old !== value) this.viewer?.set(name, value ?? undefined);
    }
  }

  if (!customElements.get('netvu-viewer')) customElements.define('netvu-viewer', NetvuViewer);
})();
