// DAISY Ace (a devDependency, for `check --epub --a11y`) drives a browser through puppeteer, whose
// install step would download a Chrome of its own on every `npm ci` (and fail where that host is
// out of reach). Ace runs the system's Chromium instead (src/tools/ace.ts sets
// PUPPETEER_EXECUTABLE_PATH). Found by puppeteer's config search from node_modules/puppeteer upwards.
module.exports = { skipDownload: true };
