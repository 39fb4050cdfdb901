// archlint renders diagrams with the system's Chromium (Debian's `chromium`, or ARCHLINT_CHROMIUM):
// puppeteer must never download a browser of its own.
module.exports = { skipDownload: true };
