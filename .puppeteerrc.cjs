// Ace by DAISY (a dev dependency) drives the system Chromium through puppeteer:
// never download a browser at install time (this machine's network reaches only the registries).
module.exports = { skipDownload: true };
